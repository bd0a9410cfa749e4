// Breaking-change detection: our differ and Optic on the differ's corpus (edits of the real bundle,
// each with the verdict an API owner expects, in both directions). Recall and precision count a
// pair as breaking when its expected verdict is major; time is each CLI's wall time per pair.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CORPUS,
  CORPUS_TODAY,
  corpusPair,
  diffCorpus,
  outcomesOf,
  scoreCorpus,
  type CorpusScore,
  type PairOutcome,
} from '@klavi-pay/openapi-diff/corpus';
import { runCommand } from '../process.js';
import { formatMs, formatRatio, median, rounds } from '../stats.js';
import type { Suite } from '../suite.js';
import { binPath, packageVersion, readSpec } from '../workspace.js';

export const DETECTORS = ['openapi-diff (ours)', 'Optic'] as const;
export type Detector = (typeof DETECTORS)[number];

interface PairFiles {
  id: string;
  direction: 'forward' | 'backward';
  expected: PairOutcome['expected'];
  base: string;
  head: string;
}

export interface DetectorRun {
  outcome: PairOutcome;
  ms: number;
  /** Set when the tool could not compare the pair (it crashed or refused a document). */
  error?: string;
}

/** Both sides of every corpus pair as JSON files, the way a user hands them to a CLI. */
export function writePairs(dir: string, bundle: unknown = readSpec(), cases = CORPUS): PairFiles[] {
  return cases.flatMap((c) =>
    (['forward', 'backward'] as const).map((direction) => {
      const [base, head] = corpusPair(bundle, c, direction);
      const at = join(dir, `${c.id}.${direction}`);
      mkdirSync(at, { recursive: true });
      writeFileSync(join(at, 'base.json'), JSON.stringify(base));
      writeFileSync(join(at, 'head.json'), JSON.stringify(head));
      return { id: c.id, direction, expected: c[direction], base: join(at, 'base.json'), head: join(at, 'head.json') };
    }),
  );
}

/** One pair through one detector's CLI. */
export async function detect(detector: Detector, pair: PairFiles): Promise<DetectorRun> {
  const outcome = (flagged: boolean, verdict?: PairOutcome['verdict']): PairOutcome => ({
    id: pair.id,
    direction: pair.direction,
    expected: pair.expected,
    flagged,
    ...(verdict ? { verdict } : {}),
  });
  if (detector === 'openapi-diff (ours)') {
    const result = await runCommand(
      process.execPath,
      [
        binPath('@klavi-pay/openapi-diff', 'klavi-openapi-diff'),
        '--verdict',
        '--today',
        CORPUS_TODAY,
        '--fail-on',
        'never',
        pair.base,
        pair.head,
      ],
      { allowFailure: true },
    );
    const verdict = result.stdout.trim() as PairOutcome['verdict'];
    if (result.code !== 0 || !['major', 'minor', 'patch', 'none'].includes(verdict!))
      return { outcome: outcome(false), ms: result.ms, error: (result.stderr || result.stdout).trim().slice(0, 300) };
    return { outcome: outcome(verdict === 'major', verdict), ms: result.ms };
  }
  // Optic exits 1 when its breaking-change checks fail, 0 when they pass. It refuses the bundle's
  // boolean schema `proxy: false` in strict validation, so it runs loose.
  // Under CI=true Optic writes ci-run-details.json into its working folder: that is the pair's
  // scratch folder, never the repo.
  const result = await runCommand(
    process.execPath,
    [binPath('@useoptic/optic', 'optic'), 'diff', pair.base, pair.head, '--check', '--validation', 'loose'],
    { allowFailure: true, cwd: dirname(pair.base), env: { ...process.env, OPTIC_TELEMETRY: 'off' } },
  );
  const refused = result.code !== 0 && !/breaking change|x \[/i.test(result.stdout);
  return {
    outcome: outcome(result.code === 1 && !refused),
    ms: result.ms,
    ...(refused
      ? { error: (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ').slice(0, 300) }
      : {}),
  };
}

/** Runs `work` over `items` with `workers` in parallel, keeping the order of the results. */
async function pool<T, R>(items: readonly T[], workers: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

const WORKERS = 2;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const diffSuite: Suite = {
  id: 'diff',
  title: 'Breaking-change detection',
  defaultRuns: 1,
  method: (runs) => [
    `The corpus of \`@klavi-pay/openapi-diff/corpus\`: ${CORPUS.length} small edits of the real bundle, each with the verdict an API owner expects both ways (${CORPUS.length * 2} pairs). It covers operations, parameters, request and response bodies (each constraint tightened and loosened), oneOf/anyOf branches, const, if/then, closed objects, response headers, security, servers, deprecation and refactors that change no contract.`,
    `Each pair is written as two JSON files and handed to each CLI as a user would: \`klavi-openapi-diff --verdict base head\` and \`optic diff base head --check --validation loose\` (Optic refuses the bundle's boolean schema \`proxy: false\` in strict mode). ${rounds(runs)} over the corpus, ${WORKERS} pairs at a time for both tools.`,
    'A pair is breaking when its expected verdict is major. Recall: breaking pairs flagged / breaking pairs. Precision: breaking pairs flagged / pairs flagged. Exact verdicts counts major, minor and patch, which only ours gives; Optic only says pass or fail. Time is wall time per pair from spawn to exit, Node start-up included; the ratio is the median of per-pair ratios.',
    'oasdiff (Go) and openapi-changes cannot be installed from the npm registry, the only one this machine reaches.',
  ],
  async run({ runs, log }) {
    const dir = mkdtempSync(join(tmpdir(), 'klavi-bench-diff-'));
    try {
      const pairs = writePairs(dir);
      const started = performance.now();
      const inProcess = scoreCorpus(outcomesOf(diffCorpus(readSpec())));
      const inProcessMs = performance.now() - started;
      const all: Record<Detector, DetectorRun[][]> = { 'openapi-diff (ours)': [], Optic: [] };
      for (let round = 0; round < runs; round++) {
        const order = round % 2 === 0 ? DETECTORS : [...DETECTORS].reverse();
        for (const detector of order) {
          let done = 0;
          const results = await pool(pairs, WORKERS, async (pair) => {
            const run = await detect(detector, pair);
            done += 1;
            if (done % 25 === 0 || done === pairs.length)
              log(`  round ${round + 1}/${runs}: ${detector}: ${done}/${pairs.length} pairs`);
            return run;
          });
          all[detector].push(results);
        }
      }
      const last = (detector: Detector) => all[detector].at(-1)!;
      const scores = Object.fromEntries(
        DETECTORS.map((d) => [d, scoreCorpus(last(d).map((r) => r.outcome))]),
      ) as Record<Detector, CorpusScore>;
      const perPair = (detector: Detector) => all[detector].flat().map((r) => r.ms);
      const ratio = median(last('Optic').map((r, i) => r.ms / last('openapi-diff (ours)')[i]!.ms));
      const errors = (detector: Detector) => last(detector).filter((r) => r.error);
      const missedBy = (detector: Detector) => scores[detector].missed;
      return {
        tables: [
          {
            caption: `Detection on ${pairs.length} pairs (${scores.Optic.breaking} breaking)`,
            headers: [
              'Detector',
              'Version',
              'Recall',
              'Caught',
              'False alarms',
              'Precision',
              'Exact verdicts',
              'Could not compare',
            ],
            align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
            rows: DETECTORS.map((d) => [
              d,
              packageVersion(d === 'Optic' ? '@useoptic/optic' : '@klavi-pay/openapi-diff'),
              pct(scores[d].recall),
              `${scores[d].caught}/${scores[d].breaking}`,
              String(scores[d].falseAlarms),
              pct(scores[d].precision),
              scores[d].exact === undefined ? 'n/a' : `${scores[d].exact}/${scores[d].pairs}`,
              String(errors(d).length),
            ]),
            notes: [
              `Optic missed: ${missedBy('Optic').join(', ') || 'nothing'}.`,
              `Optic's false alarms: ${scores.Optic.wronglyFlagged.join(', ') || 'none'}.`,
              `Ours missed: ${missedBy('openapi-diff (ours)').join(', ') || 'nothing'}; false alarms: ${scores['openapi-diff (ours)'].wronglyFlagged.join(', ') || 'none'}.`,
            ],
          },
          {
            caption: 'Time per pair',
            headers: ['Detector', 'Median per pair', 'Ratio to ours', `Corpus wall time (${WORKERS} at a time)`],
            align: ['l', 'r', 'r', 'r'],
            rows: DETECTORS.map((d) => [
              d,
              formatMs(median(perPair(d))),
              d === 'Optic' ? formatRatio(ratio) : '1.00×',
              formatMs(perPair(d).reduce((a, b) => a + b, 0) / WORKERS / runs),
            ]),
            notes: [
              `In process (the library, no CLI start-up): the whole corpus in ${formatMs(inProcessMs)}, recall ${pct(inProcess.recall)}, precision ${pct(inProcess.precision)}.`,
            ],
          },
        ],
        samples: {
          pairs: pairs.map((p, i) => ({
            id: p.id,
            direction: p.direction,
            expected: p.expected,
            ...Object.fromEntries(
              DETECTORS.map((d) => [
                d,
                {
                  flagged: last(d)[i]!.outcome.flagged,
                  verdict: last(d)[i]!.outcome.verdict,
                  ms: all[d].map((r) => Math.round(r[i]!.ms)),
                  error: last(d)[i]!.error,
                },
              ]),
            ),
          })),
          inProcessMs,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
