import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-enum-values-described';

describe(RULE, () => {
  it('passes an enum whose every value is described, with valid terminal values', async () => {
    const doc = fixture({
      schemas: {
        Status: {
          type: 'string',
          enum: ['OPEN', 'DONE'],
          'x-enumDescriptions': { OPEN: 'Open.', DONE: 'Done.' },
          'x-terminal-values': ['DONE'],
        },
        Code: {
          type: 'integer',
          format: 'int32',
          enum: [4101],
          'x-enumDescriptions': { '4101': 'Not a Pix QR code.' },
        },
      },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails missing and stale descriptions and unknown terminal values', async () => {
    const doc = fixture({
      schemas: {
        Status: {
          type: 'string',
          enum: ['OPEN', 'DONE'],
          'x-enumDescriptions': { OPEN: 'Open.', CLOSED: 'Gone.' },
          'x-terminal-values': ['CLOSED'],
        },
        Bare: { type: 'string', enum: ['A'] },
      },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.message).sort()).toEqual([
      'Enum value "A" has no description in x-enumDescriptions.',
      'Enum value "DONE" has no description in x-enumDescriptions.',
      'x-enumDescriptions describes "CLOSED", which is not an enum value.',
      'x-terminal-values lists "CLOSED", which is not an enum value.',
    ]);
  });
});
