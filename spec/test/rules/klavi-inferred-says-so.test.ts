import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-inferred-says-so';

describe(RULE, () => {
  it('passes inferred schemas and operations whose description says so', async () => {
    const doc = fixture({
      schemas: {
        Cursor: { type: 'string', maxLength: 10, 'x-inferred': true, description: 'The format is inferred.' },
      },
      paths: { '/auth': { post: { 'x-inferred': true, description: 'Inferred endpoint.', responses: {} } } },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails an inferred part that does not say so, or has no description', async () => {
    const doc = fixture({
      schemas: { Cursor: { type: 'string', maxLength: 10, 'x-inferred': true, description: 'An opaque cursor.' } },
      paths: { '/auth': { post: { 'x-inferred': true, responses: {} } } },
    });
    const results = await lintWithRule(RULE, doc);
    // A missing description is reported on the object that lacks it.
    expect(results.map((r) => r.path).sort()).toEqual(['components.schemas.Cursor.description', 'paths./auth.post']);
  });
});
