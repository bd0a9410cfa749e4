import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-camel-case-properties';

describe(RULE, () => {
  it('passes camelCase names, acronyms included', async () => {
    const doc = fixture({
      schemas: {
        Payment: {
          type: 'object',
          properties: { clientRequestId: { $ref: '#/x' }, consentRedirectURL: { $ref: '#/x' } },
        },
      },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails snake_case, kebab-case and PascalCase names', async () => {
    const doc = fixture({
      schemas: { Payment: { type: 'object', properties: { client_request_id: {}, 'end-to-end-id': {}, Amount: {} } } },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.path)).toEqual([
      'components.schemas.Payment.properties.client_request_id',
      'components.schemas.Payment.properties.end-to-end-id',
      'components.schemas.Payment.properties.Amount',
    ]);
    expect(results[0]?.message).toBe('Property "client_request_id" is not camelCase.');
  });
});
