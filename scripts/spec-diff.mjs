// `pnpm spec:diff`: bundles the working spec and builds the differ (through turbo, so usually a cache
// hit), then compares the working bundle with the main branch's using @klavi-pay/openapi-diff.
// Other arguments go to klavi-openapi-diff (--format, --fail-on, --verdict). The base defaults to origin/main, else main; --base REF picks another.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTurbo } from './generated.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = 'spec/dist/openapi.yaml';
// The head is bundled from this entry, so findings are placed on the source files and lines.
const SOURCE = 'spec/openapi.yaml';

export function defaultBase(cwd = root) {
  for (const ref of ['origin/main', 'main']) {
    if (spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd, stdio: 'ignore' }).status === 0) return ref;
  }
  return undefined;
}

export function splitArgs(argv) {
  const rest = [];
  let base;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base') base = argv[++i];
    else if (argv[i].startsWith('--base=')) base = argv[i].slice('--base='.length);
    else rest.push(argv[i]);
  }
  return { base, rest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { base = defaultBase(), rest } = splitArgs(process.argv.slice(2));
  if (!base) {
    console.error('spec:diff: no main branch to compare with (tried origin/main and main); pass --base REF');
    process.exit(2);
  }
  const quiet = rest.includes('--verdict') || rest.some((a) => /^--format(=|$)/.test(a));
  const bundled = runTurbo(
    [
      'run',
      'bundle',
      'build',
      '--filter=@klavi-pay/spec',
      '--filter=@klavi-pay/openapi-diff',
      '--output-logs=errors-only',
    ],
    {
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (bundled.status !== 0) process.exit(bundled.status ?? 1);
  const diff = spawnSync(
    process.execPath,
    [
      join(root, 'packages', 'openapi-diff', 'bin', 'klavi-openapi-diff.js'),
      '--head-source',
      SOURCE,
      ...rest,
      `${base}:${BUNDLE}`,
      BUNDLE,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  process.exit(diff.status ?? 1);
}
