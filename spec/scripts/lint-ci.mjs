// The pull-request form of `pnpm lint`. It bundles first, so Spectral never lints a stale bundle;
// then both linters' findings become GitHub Actions annotations on the source line an author
// edited, with repo-root paths (spec/components/…, spec/paths/…). Spectral also writes SARIF for
// code scanning, with the same source locations, and Redocly a markdown summary for the job page.
// Files go to spec/lint-results/. Fails like `pnpm lint` does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSourceMap } from '@klavi-pay/openapi-runtime';
import { rebaseRedocly, spectralAnnotations, spectralLocation } from './annotations.mjs';
import { linters } from './linters.mjs';
import { spectralToSarif } from './sarif.mjs';
import { binPath, runToolReport, runToolResult, specDir } from './tool.mjs';

const rootDir = join(specDir, '..');
const out = join(specDir, 'lint-results');
mkdirSync(out, { recursive: true });

console.log('▶ bundle (so the lint sees the spec as it is now)');
const bundled = spawnSync(process.execPath, [join(specDir, 'scripts', 'bundle.mjs')], {
  cwd: specDir,
  encoding: 'utf8',
});
if (bundled.status !== 0) {
  console.error(`${bundled.stdout}${bundled.stderr}\n✖ the spec does not bundle; nothing was linted`);
  process.exit(1);
}

const run = (linter, extra = []) => runToolResult(linter.pkg, linter.bin, [...linter.args, ...extra]);

let failed = 0;
const [redocly] = linters('github-actions');
console.log(`▶ ${redocly.name} ${redocly.args.join(' ')}`);
const redoclyRun = run(redocly);
process.stdout.write(rebaseRedocly(redoclyRun.stdout, { fromDir: specDir, rootDir }));
if (redoclyRun.status !== 0) {
  failed += 1;
  console.error(`✖ redocly found problems\n${redoclyRun.stderr.trim()}`);
}

// Spectral's JSON carries each result's path in the bundle, which the source map turns into the
// source file and line. --output, because on stdout Spectral follows the JSON with a plain-text line.
const [, spectral] = linters('json');
const jsonFile = join(out, 'spectral.json');
console.log(`▶ ${spectral.name} ${spectral.args.join(' ')}`);
const spectralRun = run(spectral, ['--output', jsonFile]);
let results = [];
try {
  results = JSON.parse(readFileSync(jsonFile, 'utf8'));
} catch {
  console.error(`✖ spectral wrote no results\n${spectralRun.stderr.trim()}`);
  process.exit(1);
}
const options = {
  sourceMap: createSourceMap(join(specDir, 'openapi.yaml'), { root: rootDir }),
  bundleFile: 'spec/dist/openapi.yaml',
};
process.stdout.write(spectralAnnotations(results, options));
if (spectralRun.status !== 0) {
  failed += 1;
  console.error(`✖ spectral found ${results.length} problem${results.length === 1 ? '' : 's'}`);
}

const [markdown] = linters('markdown');
writeFileSync(
  join(out, 'redocly.md'),
  `## Redocly lint\n\n${runToolReport(markdown.pkg, markdown.bin, markdown.args).trim() || 'No problems.'}\n`,
);
const { version } = JSON.parse(
  readFileSync(join(dirname(binPath(spectral.pkg, spectral.bin)), '..', 'package.json'), 'utf8'),
);
writeFileSync(
  join(out, 'spectral.sarif'),
  `${JSON.stringify(spectralToSarif(results, { version, locate: (result) => spectralLocation(result, options) }), null, 2)}\n`,
);
console.log(
  `wrote ${join('spec', 'lint-results', 'redocly.md')} and ${join('spec', 'lint-results', 'spectral.sarif')}`,
);
process.exit(failed === 0 ? 0 : 1);
