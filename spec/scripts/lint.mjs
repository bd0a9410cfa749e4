// Lints the spec with both linters and fails on any error or warning.
// - Redocly (recommended-strict + our rules) lints the multi-file source, so findings name the
//   file an API author edits.
// - Spectral (spectral:oas + OWASP + the house rules) lints the bundle; see .spectral.yaml.
// Exceptions live in .redocly.lint-ignore.yaml and the `overrides` of .spectral.yaml, each with
// its reason. `--format=<f>` is passed to both tools (e.g. github-actions).
import { runTool } from './tool.mjs';

const formatArg = process.argv.find((arg) => arg.startsWith('--format='));
const format = formatArg?.slice('--format='.length);

const linters = [
  {
    name: 'redocly',
    pkg: '@redocly/cli',
    bin: 'redocly',
    args: ['lint', 'openapi.yaml', '--max-problems', '1000', ...(format ? [`--format=${format}`] : [])],
  },
  {
    name: 'spectral',
    pkg: '@stoplight/spectral-cli',
    bin: 'spectral',
    args: ['lint', 'dist/openapi.yaml', '--ruleset', '.spectral.yaml', '--fail-severity', 'warn', ...(format ? ['--format', format] : [])],
  },
];

let failed = 0;
for (const linter of linters) {
  console.log(`\n▶ ${linter.name} ${linter.args.join(' ')}`);
  try {
    runTool(linter.pkg, linter.bin, linter.args, { inherit: true });
  } catch {
    failed += 1;
    console.error(`✖ ${linter.name} found problems`);
  }
}
process.exit(failed === 0 ? 0 : 1);
