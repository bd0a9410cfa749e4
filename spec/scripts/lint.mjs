// Lints the spec with both linters (see linters.mjs) and fails on any error or warning.
// Exceptions live in .redocly.lint-ignore.yaml and the `overrides` of .spectral.yaml, each with
// its reason. `--format=<f>` is passed to both tools (e.g. github-actions).
import { linters } from './linters.mjs';
import { runTool } from './tool.mjs';

const formatArg = process.argv.find((arg) => arg.startsWith('--format='));

let failed = 0;
for (const linter of linters(formatArg?.slice('--format='.length))) {
  console.log(`\n▶ ${linter.name} ${linter.args.join(' ')}`);
  try {
    runTool(linter.pkg, linter.bin, linter.args, { inherit: true });
  } catch {
    failed += 1;
    console.error(`✖ ${linter.name} found problems`);
  }
}
process.exit(failed === 0 ? 0 : 1);
