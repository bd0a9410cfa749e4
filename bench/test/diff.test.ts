// The diff suite's harness: each CLI's answer is read right, for a breaking and a safe pair.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from '@klavi-pay/openapi-diff/corpus';
import { detect, DETECTORS, writePairs } from '../src/suites/diff.js';
import { BENCH_DIR, REPO_ROOT } from '../src/workspace.js';

const dir = mkdtempSync(join(tmpdir(), 'klavi-bench-diff-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pairs = writePairs(
  dir,
  undefined,
  CORPUS.filter((c) => c.id === 'operation-removed' || c.id === 'description-reworded'),
);
const pair = (id: string) => pairs.find((p) => p.id === id && p.direction === 'forward')!;

describe('the diff suite', () => {
  it('writes both directions of each case', () => {
    expect(pairs.map((p) => `${p.id}.${p.direction}`).sort()).toEqual([
      'description-reworded.backward',
      'description-reworded.forward',
      'operation-removed.backward',
      'operation-removed.forward',
    ]);
  });

  for (const detector of DETECTORS) {
    it(`reads ${detector}'s answer: a removed operation is flagged, a reworded description is not`, async () => {
      const removed = await detect(detector, pair('operation-removed'));
      const reworded = await detect(detector, pair('description-reworded'));
      expect(removed.error).toBeUndefined();
      expect(reworded.error).toBeUndefined();
      expect(removed.outcome.flagged).toBe(true);
      expect(reworded.outcome.flagged).toBe(false);
      // Nothing lands in the repo (Optic writes ci-run-details.json where it runs, under CI=true).
      expect(existsSync(join(REPO_ROOT, 'ci-run-details.json'))).toBe(false);
      expect(existsSync(join(BENCH_DIR, 'ci-run-details.json'))).toBe(false);
      // A bound against a hang, not a speed: Optic's CLI takes about 40 s of this 2-core machine
      // alone, and the suite runs the docs' code samples (JVM, Go and Mono starts) beside it.
    }, 240_000);
  }
});
