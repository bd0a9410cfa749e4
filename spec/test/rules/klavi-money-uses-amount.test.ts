import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-money-uses-amount';
const Amount = { type: 'string', maxLength: 19, pattern: '^\\d{1,16}\\.\\d{2}$' };

describe(RULE, () => {
  it('passes amount and *Amount fields that $ref Amount, with a description beside the $ref', async () => {
    const doc = fixture({
      schemas: {
        Amount,
        Config: {
          type: 'object',
          properties: {
            amount: { $ref: '#/components/schemas/Amount' },
            maximumVariableAmount: { $ref: '#/components/schemas/Amount', description: 'Cap.' },
          },
        },
      },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails a money field typed inline or pointing elsewhere', async () => {
    const doc = fixture({
      schemas: {
        Amount,
        Money: { type: 'string', maxLength: 19 },
        Config: {
          type: 'object',
          properties: { amount: { type: 'number' }, minimumVariableAmount: { $ref: '#/components/schemas/Money' } },
        },
      },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.path)).toEqual([
      'components.schemas.Config.properties.amount',
      'components.schemas.Config.properties.minimumVariableAmount',
    ]);
    expect(results[1]?.message).toContain('not $ref #/components/schemas/Money');
  });
});
