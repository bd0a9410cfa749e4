// The maxLength/minLength keyword gives stock Ajv's verdicts and errors, on strings where the
// UTF-16 length and the code-point count differ (emoji, lone surrogates) and at every boundary.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SpecValidator } from '../src/index.js';
import { codePoints, stringLength } from '../src/string-length.js';
import { random } from './support/random.js';

const ours = new Ajv2020({ allErrors: true });
ours.removeKeyword('maxLength').removeKeyword('minLength').addKeyword(stringLength);
const stock = new Ajv2020({ allErrors: true });

/** Strings mixing ASCII, two-byte characters, surrogate pairs and lone surrogates. */
function corpus(count: number, seed: number): string[] {
  const next = random(seed);
  const pieces = ['a', 'é', '😀', '\ud83d', '\ude00', '中', ' '];
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
  );
}

describe('stringLength', () => {
  it('counts code points as Ajv does', () => {
    expect(codePoints('')).toBe(0);
    expect(codePoints('abc')).toBe(3);
    expect(codePoints('😀😀')).toBe(2);
    // A lone high surrogate, a lone low one, and a high one at the very end each count once.
    expect(codePoints('\ud83d')).toBe(1);
    expect(codePoints('\ude00a')).toBe(2);
    expect(codePoints('a\ud83d')).toBe(2);
  });

  it('gives stock Ajv verdicts and errors for every limit from 0 to 14', () => {
    const strings = corpus(400, 7);
    for (let limit = 0; limit <= 14; limit++) {
      for (const keywords of [{ maxLength: limit }, { minLength: limit }, { minLength: limit, maxLength: limit + 2 }]) {
        const schema = { type: 'string', ...keywords };
        const mine = ours.compile(schema);
        const theirs = stock.compile(schema);
        for (const text of strings) {
          const verdict = mine(text);
          expect({ text, schema, verdict }).toEqual({ text, schema, verdict: theirs(text) });
          expect(mine.errors ?? null).toEqual(theirs.errors ?? null);
        }
      }
    }
  });

  it('decides at the boundaries where code units and code points differ', () => {
    const max3 = ours.compile({ type: 'string', maxLength: 3 });
    const min2 = ours.compile({ type: 'string', minLength: 2 });
    expect(max3('😀😀😀')).toBe(true); // six code units, three code points
    expect(max3('😀😀😀a')).toBe(false);
    expect(max3.errors?.[0]).toMatchObject({
      keyword: 'maxLength',
      params: { limit: 3 },
      message: 'must NOT have more than 3 characters',
    });
    expect(min2('😀')).toBe(false); // two code units, one code point
    expect(min2.errors?.[0]).toMatchObject({
      keyword: 'minLength',
      params: { limit: 2 },
      message: 'must NOT have fewer than 2 characters',
    });
    expect(min2('😀😀')).toBe(true);
  });

  it('is the keyword the spec validator uses', () => {
    const validator = new SpecValidator({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { Name: { type: 'string', maxLength: 2 } } },
    });
    expect(validator.validate('#/components/schemas/Name', '😀😀', 'body.name')).toEqual({ valid: true });
    expect(validator.validate('#/components/schemas/Name', '😀😀😀', 'body.name').message).toBe(
      'body.name must NOT have more than 2 characters',
    );
  });
});
