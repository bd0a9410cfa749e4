// The build pipeline is reproducible: a second `pnpm build` with nothing changed is a full turbo
// cache hit, and the generated files committed to git are what the build produces.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../scripts/check-drift.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };


interface RunSummary {
  execution: { attempted: number; cached: number; exitCode: number };
  tasks: Array<{ taskId: string; cache: { status: string } }>;
}

/** Runs the root `build` script's turbo command with --summarize and returns turbo's run summary. */
function build(): RunSummary {
  const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.build;
  const [command, ...args] = script.split(/\s+/);
  expect(command).toBe('turbo');
  const output = execFileSync(join(root, 'node_modules', '.bin', 'turbo'), [...args, '--summarize'], { cwd: root, env, encoding: 'utf8' });
  const summaryPath = /Summary:\s+(\S+\.json)/.exec(output)?.[1];
  if (!summaryPath) throw new Error(`turbo printed no run summary:\n${output}`);
  return JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

describe('pnpm build', () => {
  it('is a full turbo cache hit the second time', () => {
    const first = build();
    expect(first.execution.exitCode).toBe(0);
    const second = build();
    expect(second.tasks.map((t) => t.taskId)).toContain('@klavi-pay/spec#bundle');
    expect(second.tasks.filter((t) => t.cache.status !== 'HIT').map((t) => t.taskId)).toEqual([]);
    expect(second.execution.cached).toBe(second.execution.attempted);
  });

  it('leaves the committed generated files unchanged (drift check)', () => {
    // Run after a build. Compares with the git index, so regenerated files that are staged pass.
    const changed = git('diff', '--name-only', '--', ...GENERATED).trim();
    const untracked = git('ls-files', '--others', '--exclude-standard', '--', ...GENERATED).trim();
    expect(
      [changed, untracked].filter(Boolean).join('\n'),
      'generated files differ from git: run `pnpm build` and commit them',
    ).toBe('');
  });
});
