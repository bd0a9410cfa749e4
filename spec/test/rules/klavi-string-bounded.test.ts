import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-string-bounded';

describe(RULE, () => {
  it('passes strings bounded by maxLength, enum, const or pattern', async () => {
    const doc = fixture({
      schemas: {
        Name: { type: 'string', maxLength: 10 },
        Kind: { type: 'string', enum: ['A', 'B'] },
        Fixed: { type: 'string', const: 'PIX_MANU' },
        Digits: { type: 'string', pattern: '^\\d{11}$' },
      },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails an unbounded string, however deep', async () => {
    const doc = fixture({
      schemas: { Payment: { type: 'object', properties: { note: { type: 'string', minLength: 1, format: 'email' } } } },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results).toEqual([
      {
        message: 'String schema has no maxLength, enum, const, pattern.',
        path: 'components.schemas.Payment.properties.note',
      },
    ]);
  });
});
