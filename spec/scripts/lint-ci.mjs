// The pull-request form of `pnpm lint`: both linters print GitHub Actions annotations (so findings
// appear on the changed lines), Spectral also writes SARIF for code scanning, and Redocly writes a
// markdown summary for the job page. Files go to spec/lint-results/. Fails like `pnpm lint` does.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { linters } from './linters.mjs';
import { spectralToSarif } from './sarif.mjs';
import { binPath, runTool, runToolReport, specDir } from './tool.mjs';

const out = join(specDir, 'lint-results');
mkdirSync(out, { recursive: true });
const [redocly, spectral] = linters('github-actions');

let failed = 0;
for (const linter of [redocly, spectral]) {
  console.log(`▶ ${linter.name} ${linter.args.join(' ')}`);
  try {
    runTool(linter.pkg, linter.bin, linter.args, { inherit: true });
  } catch {
    failed += 1;
    console.error(`✖ ${linter.name} found problems`);
  }
}

const [markdown] = linters('markdown');
writeFileSync(join(out, 'redocly.md'), `## Redocly lint\n\n${runToolReport(markdown.pkg, markdown.bin, markdown.args).trim() || 'No problems.'}\n`);
// --output, because on stdout Spectral follows the JSON with a plain-text line.
const [, json] = linters('json');
const jsonFile = join(out, 'spectral.json');
runToolReport(json.pkg, json.bin, [...json.args, '--output', jsonFile]);
const results = JSON.parse(readFileSync(jsonFile, 'utf8'));
const { version } = JSON.parse(readFileSync(join(dirname(binPath(json.pkg, json.bin)), '..', 'package.json'), 'utf8'));
writeFileSync(join(out, 'spectral.sarif'), `${JSON.stringify(spectralToSarif(results, { file: 'spec/dist/openapi.yaml', version }), null, 2)}\n`);
console.log(`wrote ${join('spec', 'lint-results', 'redocly.md')} and ${join('spec', 'lint-results', 'spectral.sarif')}`);
process.exit(failed === 0 ? 0 : 1);
