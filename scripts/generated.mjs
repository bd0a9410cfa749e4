// The generated files this repo commits, and the guard that keeps turbo honest about them.
//
// Why: turbo hashes a task's git-tracked outputs as inputs (vercel/turborepo#7784), so a
// generator whose committed output is declared in `outputs` misses the cache on the build after
// every change. So the generators declare no outputs, and their readers hash the committed files
// just in time (`mode: "jit"`). What turbo then cannot see is a committed file that is not what
// the generator wrote for the current inputs: an edit undone after a build, or a hand edit. Each
// generator records, per turbo task hash, the digest of what it wrote; before a run, `staleEnv`
// compares the files on disk with that record and, when they differ, sets the generator's
// KLAVI_STALE_* variable (declared in its turbo `env`) to a fresh value, which makes it run.
import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LEDGER = join(ROOT, '.turbo', 'generated-ledger.json');
const LEDGER_LIMIT = 500;

/** Every generator of committed files: its turbo task, what it writes and its stale variable. */
export const GENERATORS = [
  { task: '@klavi-pay/spec#bundle', dir: 'spec/dist', env: 'KLAVI_STALE_SPEC_DIST' },
  { task: '@klavi-pay/client#generate', dir: 'packages/client/src/generated', env: 'KLAVI_STALE_CLIENT_GENERATED' },
];

/** The committed generated folders, for the drift checks. */
export const GENERATED = GENERATORS.map((g) => g.dir);

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** A digest of a folder's files, names and contents. */
export function digestOf(dir) {
  const hash = createHash('sha256');
  for (const file of filesUnder(join(ROOT, dir)))
    hash
      .update(`${relative(ROOT, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex');
}

function readLedger() {
  try {
    return JSON.parse(readFileSync(LEDGER, 'utf8'));
  } catch {
    return {};
  }
}

/** Called by a generator after writing: remembers what this task hash produced. No-op outside turbo. */
export function recordGenerated(dir) {
  const hash = process.env.TURBO_HASH;
  if (!hash) return;
  const ledger = readLedger();
  delete ledger[hash];
  ledger[hash] = digestOf(dir);
  const kept = Object.entries(ledger).slice(-LEDGER_LIMIT);
  mkdirSync(dirname(LEDGER), { recursive: true });
  writeFileSync(LEDGER, `${JSON.stringify(Object.fromEntries(kept), null, 1)}\n`);
}

const turboBin = join(ROOT, 'node_modules', '.bin', 'turbo');
const withoutStale = (env) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => !GENERATORS.some((g) => g.env === key)));

/**
 * The KLAVI_STALE_* variables for `turbo run <args>`: set for each generator in the run whose
 * committed files differ from what it recorded for the hash it would run under.
 */
export function staleEnv(args, env = process.env) {
  const dry = spawnSync(turboBin, [...args, '--dry=json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...withoutStale(env), TURBO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (dry.status !== 0) return { env: {}, stale: [] };
  const plan = JSON.parse(dry.stdout.slice(dry.stdout.indexOf('{')));
  const ledger = readLedger();
  const result = { env: {}, stale: [] };
  for (const generator of GENERATORS) {
    const task = plan.tasks.find((t) => t.taskId === generator.task);
    const recorded = task && ledger[task.hash];
    if (!recorded) continue;
    const onDisk = digestOf(generator.dir);
    if (onDisk === recorded) continue;
    // A fresh value every time: a stale run must execute, never replay an earlier stale run.
    result.env[generator.env] = randomUUID();
    result.stale.push(generator.dir);
  }
  return result;
}

/**
 * Runs turbo with the stale guard (unless `guard: false`: a run that plans no generator);
 * returns spawnSync's result.
 */
export function runTurbo(args, { guard = true, ...options } = {}) {
  const { env: extra, stale } = guard ? staleEnv(args, options.env ?? process.env) : { env: {}, stale: [] };
  for (const dir of stale)
    console.error(`${dir} is not what its generator wrote for the current inputs: regenerating it`);
  return spawnSync(turboBin, args, {
    cwd: ROOT,
    stdio: 'inherit',
    ...options,
    env: { ...withoutStale(options.env ?? process.env), ...extra },
  });
}
