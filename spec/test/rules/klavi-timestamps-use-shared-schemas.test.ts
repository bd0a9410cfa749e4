import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-timestamps-use-shared-schemas';
const Timestamp = { type: 'string', format: 'date-time', maxLength: 24 };

describe(RULE, () => {
  it('passes *At fields that $ref Timestamp', async () => {
    const doc = fixture({
      schemas: {
        Timestamp,
        Payment: {
          type: 'object',
          properties: {
            createAt: { $ref: '#/components/schemas/Timestamp' },
            statusUpdateAt: { $ref: '#/components/schemas/Timestamp' },
          },
        },
      },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails an *At field typed inline', async () => {
    const doc = fixture({
      schemas: {
        Timestamp,
        Cancellation: {
          type: 'object',
          properties: { cancelledAt: { type: 'string', format: 'date-time', maxLength: 30 } },
        },
      },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.path)).toEqual(['components.schemas.Cancellation.properties.cancelledAt']);
  });
});
