// `@klavi-pay/openapi-diff/corpus`: the pairs the differ is measured on, and the scoring, so that
// the package's tests and the bench (which runs other detectors on the same pairs) share them.
import { isDeepStrictEqual } from 'node:util';
import { diffSpecs } from '../diff.js';
import { verdict, type Bump, type Finding } from '../findings.js';
import { CORPUS, corpusPair, type CorpusCase } from './klavi.js';
import type { PairOutcome } from './score.js';

export { CORPUS, corpusPair, CorpusTargetMissing, type CorpusCase } from './klavi.js';
export { scoreCorpus, type CorpusScore, type PairOutcome } from './score.js';

/** The date sunsets in the corpus are judged against. */
export const CORPUS_TODAY = '2026-12-01';

export interface DiffedPair {
  id: string;
  direction: 'forward' | 'backward';
  expected: Bump;
  findings: Finding[];
  /** Whether the two documents differ at all (a wording-only pair is a patch). */
  differ: boolean;
}

/** Every pair of the corpus, both directions, with the differ's findings. */
export function diffCorpus(bundle: unknown, cases: CorpusCase[] = CORPUS): DiffedPair[] {
  return cases.flatMap((c) =>
    (['forward', 'backward'] as const).map((direction) => {
      const [base, head] = corpusPair(bundle, c, direction);
      return {
        id: c.id,
        direction,
        expected: c[direction],
        findings: diffSpecs(base, head, { today: CORPUS_TODAY }),
        differ: !isDeepStrictEqual(base, head),
      };
    }),
  );
}

/** The outcomes to score; `keep` filters findings, to ask what the verdicts would be without a rule. */
export function outcomesOf(pairs: DiffedPair[], keep: (finding: Finding) => boolean = () => true): PairOutcome[] {
  return pairs.map((p) => {
    const got = verdict(p.findings.filter(keep), p.differ);
    return { id: p.id, direction: p.direction, expected: p.expected, flagged: got === 'major', verdict: got };
  });
}

/** Every pair with the verdict the differ gives it. */
export function runDiffer(bundle: unknown, cases: CorpusCase[] = CORPUS): PairOutcome[] {
  return outcomesOf(diffCorpus(bundle, cases));
}
