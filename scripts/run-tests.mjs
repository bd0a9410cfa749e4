// The README's test command. Runs every workspace package's tests through turbo (--continue: a
// failing package does not stop the others, so every test is counted), then the
// repo-level tests (pipeline and drift checks, which rebuild the repo and so must not run
// beside other tasks), and ends with one line summed over all of them: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceDirs } from './workspace-dirs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = join('test-results', 'vitest.json');

// The root and every package pnpm-workspace.yaml lists, so a new workspace is counted without
// anyone remembering to add it here.
const allDirs = () => [root, ...workspaceDirs(root).map((dir) => join(root, dir))];

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  return result.status ?? 1;
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

// Stale reports would be counted again; turbo restores the current ones on a cache hit.
for (const dir of allDirs()) rmSync(join(dir, REPORT), { force: true });

const steps = [
  // The builds first, in their two turbo runs (scripts/build.mjs): the test run's own graph would
  // order a package build only after the packages it imports, not after the spec's bundle.
  { name: 'pnpm build', status: run(process.execPath, [join(root, 'scripts', 'build.mjs')]) },
  {
    name: 'package tests (turbo run test)',
    // Four packages' tests at a time, not turbo's ten: on a 2-core machine ten at once starved the
    // timing-bound ones (the bench's load against Prism lost connections) while the docs ran their
    // code samples' JVM, Go and Mono processes beside them.
    status: run(process.execPath, [join(root, 'scripts', 'turbo.mjs'), 'run', 'test', '--continue', '--concurrency=4']),
  },
  { name: 'repo-level tests', status: run(bin('vitest'), ['run']) },
];

let passed = 0;
let failed = 0;
for (const dir of allDirs()) {
  const file = join(dir, REPORT);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load, or whose beforeAll/afterAll hook fails, has no failed test but is a
  // failure all the same: count it once.
  failed += report.testResults.filter(
    (r) => r.status === 'failed' && !r.assertionResults.some((a) => a.status === 'failed'),
  ).length;
}
for (const step of steps) {
  if (step.status !== 0 && failed === 0) {
    console.error(`${step.name} exited with ${step.status} without a failed test in its reports`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && steps.every((s) => s.status === 0) ? 0 : 1);
