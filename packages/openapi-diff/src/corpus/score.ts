// Recall and precision of a breaking-change detector on a corpus of pairs with expected verdicts.
// A pair is breaking when its expected verdict is major; a detector "flags" a pair when it says
// so. Recall: breaking pairs flagged / breaking pairs. Precision: breaking pairs flagged / pairs
// flagged. The exact-verdict rate also counts minor, patch and none, which only our differ gives.
import type { Bump } from '../findings.js';

export interface PairOutcome {
  id: string;
  direction: 'forward' | 'backward';
  expected: Bump;
  /** Whether the detector called the pair breaking. */
  flagged: boolean;
  /** The verdict, for a detector that gives one. */
  verdict?: Bump;
}

export interface CorpusScore {
  pairs: number;
  breaking: number;
  /** Breaking pairs the detector flagged. */
  caught: number;
  /** Non-breaking pairs the detector flagged. */
  falseAlarms: number;
  recall: number;
  precision: number;
  /** Pairs whose verdict is exactly the expected one, when the detector gives verdicts. */
  exact?: number;
  missed: string[];
  wronglyFlagged: string[];
  wrongVerdicts: string[];
}

const label = (o: PairOutcome) => `${o.id} (${o.direction})`;

export function scoreCorpus(outcomes: PairOutcome[]): CorpusScore {
  const breaking = outcomes.filter((o) => o.expected === 'major');
  const caught = breaking.filter((o) => o.flagged);
  const falseAlarms = outcomes.filter((o) => o.expected !== 'major' && o.flagged);
  const flagged = caught.length + falseAlarms.length;
  const withVerdicts = outcomes.every((o) => o.verdict !== undefined);
  return {
    pairs: outcomes.length,
    breaking: breaking.length,
    caught: caught.length,
    falseAlarms: falseAlarms.length,
    recall: breaking.length === 0 ? 1 : caught.length / breaking.length,
    precision: flagged === 0 ? 1 : caught.length / flagged,
    ...(withVerdicts ? { exact: outcomes.filter((o) => o.verdict === o.expected).length } : {}),
    missed: breaking.filter((o) => !o.flagged).map(label),
    wronglyFlagged: falseAlarms.map(label),
    wrongVerdicts: withVerdicts
      ? outcomes
          .filter((o) => o.verdict !== o.expected)
          .map((o) => `${label(o)}: expected ${o.expected}, got ${o.verdict}`)
      : [],
  };
}
