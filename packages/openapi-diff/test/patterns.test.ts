// Pattern changes are judged by regular-language inclusion, with JSON Schema's unanchored matching.
import { describe, expect, it } from 'vitest';
import { patternRelation } from '../src/patterns.js';

describe('patternRelation', () => {
  it.each([
    ['^\\d+\\.\\d{2}$', '^\\d{1,8}\\.\\d{2}$', 'tighter'],
    ['^\\d{1,8}\\.\\d{2}$', '^\\d+\\.\\d{2}$', 'looser'],
    ['^[A-Z]{2}$', '^[A-Za-z]{2}$', 'looser'],
    ['^[A-Z]+$', '^[a-z]+$', 'both'],
    // Unanchored: "contains b" accepts everything "contains abc" does.
    ['abc', 'b', 'looser'],
    ['b', 'abc', 'tighter'],
    ['^(\\d{11}|\\d{14})$', '^\\d{11}$|^\\d{14}$', 'same'],
    [undefined, '^\\d+$', 'tighter'],
    ['^\\d+$', undefined, 'looser'],
    // An explicit "anything" is no tighter than no pattern at all.
    [undefined, '.*', 'same'],
  ] as const)('%s → %s is %s', (base, head, relation) => {
    expect(patternRelation(base, head)).toBe(relation);
  });

  it('says unknown for what it cannot model, so callers stay conservative', () => {
    expect(patternRelation('^a+$', '^(?!b)a+$')).toBe('unknown');
    expect(patternRelation('^[a-z\\d]+$', '^(?=.*\\d)[a-z\\d]+$')).toBe('unknown');
    // A simple backreference to a fixed group is one refa resolves: (a)\1 is aa.
    expect(patternRelation('^(a)\\1$', '^aa$')).toBe('same');
    expect(patternRelation('^[', '^a$')).toBe('unknown');
  });
});
