// The two linters of the spec, each in its own worker thread (lint-worker.mjs): Redocly on the
// source takes about a third of a second and decides whether a save is shown; Spectral on the
// bundle takes seconds (spectral:oas validates every example), so it runs behind, and only the
// newest bundle is linted when saves come faster than that.
import { Worker } from 'node:worker_threads';

/** @import { Finding } from '../../spec/scripts/linter.mjs' */

const LINTER_URL = new URL('../../spec/scripts/linter.mjs', import.meta.url).href;
const WORKER_URL = new URL('./lint-worker.mjs', import.meta.url);
/** Longest a lint may take before it is reported as failed and its worker replaced. */
export const LINT_TIMEOUT_MS = 60_000;

/**
 * @param {string} specDir
 * @param {'redocly' | 'spectral'} kind
 * @param {{ timeoutMs?: number }} [options]
 */
export function createLintWorker(specDir, kind, { timeoutMs = LINT_TIMEOUT_MS } = {}) {
  /** @type {Worker} */
  let worker;
  /** @type {Map<number, { resolve: (f: Finding[]) => void, reject: (e: Error) => void, timer: NodeJS.Timeout }>} */
  const pending = new Map();
  let next = 0;
  let closed = false;

  const failAll = (/** @type {Error} */ error) => {
    for (const [id, waiter] of pending) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
      pending.delete(id);
    }
  };
  const start = () => {
    worker = new Worker(WORKER_URL, { workerData: { specDir, kind, linterUrl: LINTER_URL } });
    worker.unref();
    worker.on('message', (/** @type {{ id?: number, findings?: Finding[], error?: string }} */ message) => {
      if (message.id === undefined) return;
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.error) waiter.reject(new Error(`${kind} could not lint: ${message.error}`));
      else waiter.resolve(message.findings ?? []);
    });
    worker.on('error', (error) => failAll(new Error(`${kind} linter failed: ${error.stack ?? error.message}`)));
    worker.on('exit', (code) => {
      failAll(new Error(`${kind} linter stopped (exit ${code})`));
      if (!closed) start();
    });
  };
  start();

  return {
    /**
     * Lints; Redocly reads the source on disk, Spectral `bundleYaml`.
     * @param {string} [bundleYaml]
     * @returns {Promise<Finding[]>}
     */
    run(bundleYaml = '') {
      const id = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${kind} took longer than ${timeoutMs} ms: its worker is restarted`));
          void worker.terminate();
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        worker.postMessage({ id, bundleYaml });
      });
    },
    /** Stops the worker; a lint in flight fails. */
    async close() {
      closed = true;
      await worker.terminate();
      failAll(new Error(`${kind} linter closed`));
    },
  };
}

/**
 * Runs `lint` on the newest input only: while one run is in flight, a newer input replaces any
 * that waits, and `onResult` hears each finished run with the input it linted.
 * @template T, R
 * @param {(input: T) => Promise<R>} lint
 * @param {(input: T, result: R | Error) => void} onResult
 */
export function latestOnly(lint, onResult) {
  /** @type {{ input: T } | undefined} */
  let waiting;
  let running = false;
  const drain = async () => {
    running = true;
    while (waiting) {
      const { input } = waiting;
      waiting = undefined;
      let result;
      try {
        result = await lint(input);
      } catch (error) {
        result = error instanceof Error ? error : new Error(String(error));
      }
      onResult(input, result);
    }
    running = false;
  };
  return (/** @type {T} */ input) => {
    waiting = { input };
    if (!running) void drain();
  };
}
