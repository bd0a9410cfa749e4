// A small seeded PRNG (mulberry32) for generated test corpora, so that a failure names a corpus
// that can be replayed. The contract tests have their own (apps/contract-tests/src/generate/rng.ts);
// this package cannot depend on them.
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
