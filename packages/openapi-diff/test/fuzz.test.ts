// The differ reads any document leniently: a spec under review may be half-edited. Random
// corruptions of the real bundle (a node replaced by null, a number, a string, an array, true,
// or a key such as __proto__) must give findings, or a SpecModelError that names the place the
// document cannot be read at; never a TypeError or a loop.
import { describe, expect, it } from 'vitest';
import { bundle } from './bundle.js';
import { SpecModelError } from '@klavi-pay/openapi-runtime';
import { diffSpecs } from '../src/index.js';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/** Every [parent, key] of the document, so a corruption can land anywhere. */
function slots(node: unknown, out: Array<[Record<string, unknown>, string]> = []) {
  if (node && typeof node === 'object') {
    for (const key of Object.keys(node)) {
      out.push([node as Record<string, unknown>, key]);
      slots((node as Record<string, unknown>)[key], out);
    }
  }
  return out;
}

const JUNK = [null, 0, -1, 'x', '', [], [null], true, {}, { $ref: '#/nowhere' }, { $ref: 42 }];

describe('corrupted documents', () => {
  it('never crash the differ, in either direction', () => {
    const next = random(20261202);
    let read = 0;
    let refused = 0;
    for (let round = 0; round < 60; round++) {
      const corrupt = structuredClone(bundle);
      // An own property named __proto__, as JSON.parse makes one: compared like any other.
      if (round % 5 === 0)
        Object.defineProperty(corrupt.components.schemas.AccessToken.properties, '__proto__', {
          value: { type: 'string', polluted: true },
          enumerable: true,
          configurable: true,
          writable: true,
        });
      const all = slots(corrupt);
      for (let i = 0; i < 25; i++) {
        const [parent, key] = all[Math.floor(next() * all.length)]!;
        parent[key] = JUNK[Math.floor(next() * JUNK.length)];
      }
      for (const [base, head] of [
        [bundle, corrupt],
        [corrupt, bundle],
      ]) {
        try {
          expect(Array.isArray(diffSpecs(base, head, { today: '2026-12-01' }))).toBe(true);
          read += 1;
        } catch (error) {
          expect(error, `round ${round}: ${(error as Error).stack}`).toBeInstanceOf(SpecModelError);
          expect((error as Error).message).toMatch(/#\/|\w+\.\w+|\w+: |\/\w+/);
          refused += 1;
        }
      }
    }
    // Both outcomes happen, so the test exercises the comparison and not only the refusal.
    expect(read).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // 120 diffs of whole corrupted documents: about 4 s of CPU alone, and up to ten times that
    // while every package's tests share two cores (39 s in one CI run). The bound is for that
    // work, not a wait on anything: nothing here waits.
  }, 120_000);
});
