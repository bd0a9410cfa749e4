// `pnpm build`: turbo in two runs, the generators first, then every package build.
//
// Why two: turbo puts the hashes of the tasks a task depends on into its own hash, so while the
// package builds depended on the spec's bundle, every spec edit (a description included) re-ran
// all of them, even those whose output cannot change with the spec: the sandbox, the certifier
// and the bench read the spec at run time, and the client reads only its generated files. Now
// the builds depend on files instead, declared as their inputs (spec/dist for the docs,
// src/generated for the client), and those files are final once the first run has ended.
// So a spec edit re-runs the bundle, the client's generator and what reads what they changed.
// Extra arguments (--filter, --summarize, --output-logs) go to both runs.
import { fileURLToPath } from 'node:url';
import { runTurbo } from './generated.mjs';

/**
 * The two turbo runs: the committed generated files, then the builds that read them. Only the
 * first runs a generator, so only it needs the stale guard (scripts/generated.mjs), whose dry run
 * costs a third of a second; test/pipeline.test.ts proves the second plans no generator.
 */
export const BUILD_PHASES = [
  { args: ['run', 'bundle', 'generate'], guard: true },
  { args: ['run', 'build'], guard: false },
];

/**
 * Runs both phases, the second only when the first succeeded; returns the exit status of the
 * last run and what each printed when `options.stdio` is 'pipe'.
 * @param {string[]} [extra]
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
export function runBuild(extra = [], options = {}) {
  /** @type {{ status: number, output: string }} */
  let result = { status: 0, output: '' };
  for (const phase of BUILD_PHASES) {
    const run = runTurbo([...phase.args, ...extra], { ...options, guard: phase.guard });
    result = {
      status: run.status ?? 1,
      output: `${result.output}${run.stdout ?? ''}${run.stderr ?? ''}`,
    };
    if (result.status !== 0) break;
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(runBuild(process.argv.slice(2)).status);
