// `pnpm --filter @klavi-pay/openapi-diff corpus`: the differ's recall, precision and exact verdicts
// on its corpus (src/corpus), with every pair it gets wrong. Needs `pnpm build` first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, runDiffer, scoreCorpus } from '../dist/corpus/index.js';

// The repo's bundle, by path: the differ does not depend on @klavi-pay/spec (see test/bundle.ts).
const bundle = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'spec', 'dist', 'openapi.json'), 'utf8'),
);
const started = performance.now();
const score = scoreCorpus(runDiffer(bundle));
const ms = performance.now() - started;
const pct = (x) => `${(100 * x).toFixed(1)}%`;
console.log(`${CORPUS.length} cases, ${score.pairs} pairs (${score.breaking} breaking), in ${ms.toFixed(0)} ms`);
console.log(
  `recall ${pct(score.recall)} (${score.caught}/${score.breaking}), precision ${pct(score.precision)} (${score.falseAlarms} false alarms), exact verdicts ${score.exact}/${score.pairs}`,
);
for (const line of score.missed) console.log(`missed:       ${line}`);
for (const line of score.wronglyFlagged) console.log(`false alarm:  ${line}`);
for (const line of score.wrongVerdicts) console.log(`verdict:      ${line}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ ...score, ms }));
