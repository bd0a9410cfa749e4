// The full `pnpm build` that follows the fast path in the background: the client, the sandbox,
// the certifier and the docs page, through turbo (scripts/build.mjs), so what a save changed is
// built for real and turbo's cache stays in step. One build at a time; saves made meanwhile are
// built once, by the next. Its output is bounded, and a build that hangs is stopped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** @typedef {{ ok: boolean, ran: number, cached: number, total: number, ms: number, output: string }} BuildOutcome */

/** Longest a background build may run before it is stopped and reported as failed. */
export const BUILD_TIMEOUT_MS = 10 * 60_000;
const OUTPUT_LIMIT = 64 * 1024;

/**
 * Turbo's counts over both runs of scripts/build.mjs, from its summary lines.
 * @param {string} output
 */
export function countTasks(output) {
  let total = 0;
  let cached = 0;
  for (const m of output.matchAll(/Tasks:\s+\d+ successful, (\d+) total/g)) total += Number(m[1]);
  for (const m of output.matchAll(/Cached:\s+(\d+) cached/g)) cached += Number(m[1]);
  return { total, cached, ran: total - cached };
}

/**
 * Runs scripts/build.mjs in `repoRoot`, in its own process group so that stopping it stops turbo
 * and every task under it.
 * @param {string} repoRoot
 * @returns {{ done: Promise<BuildOutcome>, stop(): void }}
 */
export function spawnBuild(repoRoot) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--output-logs=errors-only'], {
    cwd: repoRoot,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const take = (/** @type {Buffer} */ chunk) => {
    output = `${output}${chunk}`.slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    output += `\nstopped after ${BUILD_TIMEOUT_MS / 1000} s`;
    stop();
  }, BUILD_TIMEOUT_MS);
  const done = new Promise((resolve) => {
    const finish = (/** @type {boolean} */ ok) => {
      clearTimeout(timer);
      resolve({ ok, ...countTasks(output), ms: Math.round(performance.now() - started), output });
    };
    child.on('error', (error) => {
      output += `\n${error.message}`;
      finish(false);
    });
    child.on('close', (code) => finish(code === 0));
  });
  return { done: /** @type {Promise<BuildOutcome>} */ (done), stop };
}

/**
 * @param {object} options
 * @param {() => { done: Promise<BuildOutcome>, stop(): void }} options.start starts one build
 * @param {(event: { state: 'running' } | ({ state: 'ok' | 'failed' } & BuildOutcome)) => void} options.report
 */
export function createBackgroundBuild({ start, report }) {
  let wanted = false;
  /** @type {{ done: Promise<BuildOutcome>, stop(): void } | undefined} */
  let current;
  let closed = false;
  let running = false;
  /** @type {Promise<void>} */
  let loop = Promise.resolve();
  const drain = async () => {
    while (wanted && !closed) {
      wanted = false;
      report({ state: 'running' });
      current = start();
      const outcome = await current.done;
      current = undefined;
      if (!closed) report({ state: outcome.ok ? 'ok' : 'failed', ...outcome });
    }
  };
  return {
    /** Asks for a build: now, or once the one running ends. */
    request() {
      if (closed) return;
      wanted = true;
      if (running) return;
      running = true;
      loop = drain().finally(() => {
        running = false;
      });
    },
    /** Resolves when no build runs or waits. */
    idle: () => loop,
    close() {
      closed = true;
      current?.stop();
    },
  };
}
