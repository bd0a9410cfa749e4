// Strings for a string schema: from its pattern (randexp, driven by our seeded generator), else
// from its format, within its length limits.
import RandExpModule from 'randexp';
import type { Rng } from './rng.js';

export interface StringRules {
  patterns: string[];
  minLength: number;
  maxLength: number;
  format?: string;
}

// randexp is CommonJS with `module.exports = RandExp`; its types describe an ES default export.
const RandExp = ((RandExpModule as unknown as { default?: unknown }).default ??
  RandExpModule) as typeof RandExpModule.default;

/** Repetitions `+` and `*` may produce: enough to be realistic, small enough to stay under maxLength. */
const MAX_REPEAT = 12;

export function fitsString(value: string, rules: StringRules): boolean {
  const length = [...value].length;
  return (
    length >= rules.minLength &&
    length <= rules.maxLength &&
    rules.patterns.every((p) => new RegExp(p, 'u').test(value))
  );
}

export function fromPattern(pattern: string, rng: Rng): string {
  const generator = new RandExp(new RegExp(pattern, 'u'));
  generator.max = MAX_REPEAT;
  generator.randInt = (a: number, b: number) => rng.int(a, b);
  return generator.gen();
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function fromFormat(format: string | undefined, rng: Rng, minLength: number, maxLength: number): string {
  const n = rng.int(1000, 999_999);
  switch (format) {
    case 'email':
      return `user${n}@example.com`;
    case 'uri':
    case 'url':
      return `https://merchant.example/${n}`;
    case 'uuid':
      return uuid(rng);
    case 'date':
      return isoDate(rng);
    case 'date-time':
      return `${isoDate(rng)}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`;
    default: {
      const length = rng.int(Math.max(minLength, 1), Math.max(Math.min(maxLength, minLength + 12), 1));
      return Array.from({ length }, () => rng.pick([...ALPHANUMERIC])).join('');
    }
  }
}

export function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[rng.int(0, 3)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function isoDate(rng: Rng): string {
  return `${rng.int(2024, 2030)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

/** A string that follows `rules`, or undefined when 50 tries found none. */
export function generateString(rules: StringRules, rng: Rng): string | undefined {
  for (let attempt = 0; attempt < 50; attempt++) {
    // The last pattern is the most specific: conditional branches come after the base schema.
    const pattern = rules.patterns.at(-1);
    const value = pattern ? fromPattern(pattern, rng) : fromFormat(rules.format, rng, rules.minLength, rules.maxLength);
    if (fitsString(value, rules)) return value;
  }
  return undefined;
}
