import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-operation-standard-errors';
const response = { description: 'x' };

describe(RULE, () => {
  it('passes an operation documenting 401, 429 and 500', async () => {
    const doc = fixture({
      paths: { '/a': { get: { responses: { '200': response, '401': response, '429': response, '500': response } } } },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails an operation for each standard error it leaves out', async () => {
    const doc = fixture({ paths: { '/a': { post: { responses: { '200': response, '401': response } } } } });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.message)).toEqual([
      'Operation does not document a 429 response.',
      'Operation does not document a 500 response.',
    ]);
    expect(results[0]?.path).toBe('paths./a.post.responses');
  });
});
