// Pipeline suite: `pnpm build` in a scratch copy of the repo (so the working tree is never
// touched), cold with the turbo cache cleared, warm with nothing changed, and incremental after
// one description in one spec file is edited.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { formatMs, formatRatio, median, pairedRatio, rounds } from '../stats.js';
import { runCommand } from '../process.js';
import type { Suite } from '../suite.js';
import { REPO_ROOT } from '../workspace.js';

/** The spec file whose description the incremental build edits: a schema most operations use. */
export const EDITED_FILE = 'spec/components/schemas/Amount.yaml';

const ENV = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };

export interface TaskOutcome {
  ran: string[];
  cached: string[];
}

export interface BuildRun extends TaskOutcome {
  ms: number;
}

/** The tasks a run executed and took from the cache, from turbo's `--summarize` file. */
export function readSummary(summary: {
  tasks: { taskId: string; command: string; cache: { status: string } }[];
}): TaskOutcome {
  const real = summary.tasks.filter((task) => task.command !== '<NONEXISTENT>');
  return {
    ran: real
      .filter((task) => task.cache.status !== 'HIT')
      .map((task) => task.taskId)
      .sort(),
    cached: real
      .filter((task) => task.cache.status === 'HIT')
      .map((task) => task.taskId)
      .sort(),
  };
}

/**
 * The tasks `pnpm build` executed and took from the cache, over every `--summarize` file in
 * `runsDir`: the build is two turbo runs (scripts/build.mjs), and a task both plan (a library
 * build) counts as run when either run executed it.
 */
export function readSummaries(runsDir: string): TaskOutcome {
  const files = readdirSync(runsDir).filter((name) => name.endsWith('.json'));
  if (files.length === 0) throw new Error(`turbo wrote no run summary in ${runsDir}`);
  const ran = new Set<string>();
  const cached = new Set<string>();
  for (const file of files) {
    const outcome = readSummary(JSON.parse(readFileSync(join(runsDir, file), 'utf8')));
    for (const task of outcome.ran) ran.add(task);
    for (const task of outcome.cached) cached.add(task);
  }
  return { ran: [...ran].sort(), cached: [...cached].filter((task) => !ran.has(task)).sort() };
}

/** The working tree as it is now (tracked and untracked files, not ignored ones), in a new git repo. */
export function copyWorkingTree(target: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = join(REPO_ROOT, file);
    let stat: Stats;
    try {
      stat = statSync(from);
    } catch {
      continue; // deleted in the working tree but not yet in the index
    }
    if (!stat.isFile()) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(from, join(target, file));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: target, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git(
    '-c',
    'user.name=klavi-bench',
    '-c',
    'user.email=bench@localhost',
    'commit',
    '-q',
    '--no-verify',
    '-m',
    'snapshot for pnpm bench',
  );
}

/** Appends a sentence to the file's top-level description; returns the original text to restore. */
export function editDescription(file: string, round: number): string {
  const original = readFileSync(file, 'utf8');
  const document = parseDocument(original);
  const description = document.get('description');
  if (typeof description !== 'string') throw new Error(`${file} has no top-level description to edit`);
  document.set('description', `${description.trimEnd()}\nEdited by pnpm bench, round ${round}.\n`);
  writeFileSync(file, String(document));
  return original;
}

type Kind = 'cold' | 'warm' | 'incremental' | 'repeat';

/** Rebuilds until a build is a full cache hit, so the next round starts from a settled tree. */
async function settle(repo: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await build(repo)).ran.length === 0) return;
  }
  throw new Error(`the copy in ${repo} does not settle: three builds in a row re-ran tasks`);
}

async function build(repo: string): Promise<BuildRun> {
  const runsDir = join(repo, '.turbo', 'runs');
  rmSync(runsDir, { recursive: true, force: true });
  const result = await runCommand('pnpm', ['build', '--summarize'], { cwd: repo, env: ENV });
  return { ms: result.ms, ...readSummaries(runsDir) };
}

export const pipelineSuite: Suite = {
  id: 'pipeline',
  title: 'Pipeline',
  defaultRuns: 3,
  method: (runs) => [
    '`pnpm build` (`node scripts/build.mjs`: two turbo runs, the first behind the guard for committed generated files: bundle the spec and generate the client, then build every package and the docs) in a scratch copy of the working tree with its own git repo, installed with `pnpm install --offline`, so your tree and turbo cache are never touched.',
    `${rounds(runs)} of four builds: cold (the copy's \`.turbo/cache\` deleted first), warm (nothing changed: every task must come from the cache), incremental (one sentence appended to the description in \`${EDITED_FILE}\`), and a repeat of the incremental build with nothing changed since, which must also come from the cache. Each is timed from spawn to exit; which tasks ran comes from turbo's \`--summarize\` file. Between rounds the edit is undone and the copy rebuilt until a build is a full cache hit (not timed).`,
    'Ratios are the median of per-round ratios to the cold build of the same round.',
  ],
  async run({ runs, log }) {
    const repo = mkdtempSync(join(tmpdir(), 'klavi-bench-pipeline-'));
    const builds: Record<Kind, BuildRun>[] = [];
    try {
      log(`  copying the working tree to ${repo} and installing from the pnpm store`);
      copyWorkingTree(repo);
      const offline = await runCommand('pnpm', ['install', '--offline', '--frozen-lockfile'], {
        cwd: repo,
        env: ENV,
        allowFailure: true,
      });
      if (offline.code !== 0)
        await runCommand('pnpm', ['install', '--prefer-offline', '--frozen-lockfile'], { cwd: repo, env: ENV });
      for (let round = 1; round <= runs; round++) {
        rmSync(join(repo, '.turbo', 'cache'), { recursive: true, force: true });
        const cold = await build(repo);
        log(`  round ${round}/${runs}: cold ${formatMs(cold.ms)} (${cold.ran.length} tasks ran)`);
        const warm = await build(repo);
        log(
          `  round ${round}/${runs}: warm ${formatMs(warm.ms)} (${warm.cached.length} of ${warm.ran.length + warm.cached.length} from cache)`,
        );
        const file = join(repo, EDITED_FILE);
        const original = editDescription(file, round);
        let incremental: BuildRun;
        let repeat: BuildRun;
        try {
          incremental = await build(repo);
          log(
            `  round ${round}/${runs}: incremental ${formatMs(incremental.ms)} (${incremental.ran.length} tasks ran)`,
          );
          repeat = await build(repo);
          log(`  round ${round}/${runs}: repeat ${formatMs(repeat.ms)} (${repeat.ran.length} tasks ran)`);
        } finally {
          writeFileSync(file, original);
        }
        builds.push({ cold, warm, incremental, repeat });
        await settle(repo);
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
    const times = (kind: Kind) => builds.map((r) => r[kind].ms);
    const last = builds.at(-1)!;
    const total = last.cold.ran.length + last.cold.cached.length;
    const cacheVerdict = (kind: Kind) => {
      const misses = [...new Set(builds.flatMap((r) => r[kind].ran))];
      return misses.length === 0 ? 'full cache hit' : `not a full cache hit: ${misses.length} of ${total} tasks re-ran`;
    };
    const row = (label: string, kind: Kind, verdict: string) => [
      label,
      formatMs(median(times(kind))),
      formatRatio(pairedRatio(times(kind), times('cold'))),
      `${last[kind].ran.length} of ${total}`,
      String(last[kind].cached.length),
      verdict,
    ];
    return {
      tables: [
        {
          caption: '`pnpm build`',
          headers: ['Build', 'Time (median)', 'Ratio to cold', 'Tasks run', 'From cache', ''],
          align: ['l', 'r', 'r', 'r', 'r', 'l'],
          rows: [
            row('cold: turbo cache cleared', 'cold', ''),
            row('warm: nothing changed', 'warm', cacheVerdict('warm')),
            row(`incremental: one description edited in \`${EDITED_FILE}\``, 'incremental', ''),
            row('repeat: nothing changed since the incremental build', 'repeat', cacheVerdict('repeat')),
          ],
          notes: [
            `Tasks that re-ran after the edit: ${last.incremental.ran.map((id) => `\`${id}\``).join(', ')}.`,
            ...(last.repeat.ran.length > 0
              ? [`Tasks that re-ran on the repeat: ${last.repeat.ran.map((id) => `\`${id}\``).join(', ')}.`]
              : []),
          ],
        },
      ],
      samples: { rounds: builds },
    };
  },
};
