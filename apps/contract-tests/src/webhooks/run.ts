// One webhooks run: certify a merchant's webhook receiver by delivering it the spec's events as
// Klavi does, and forged, stale and repeated ones it must handle. Every delivery goes through the
// bounded transport and is recorded; the whole run has a deadline; and the run stops, failed, when
// the receiver gives no complete answer to ten deliveries in a row.
import type { CheckResult } from '../results.js';
import type { WebhookReport } from '../report/files.js';
import type { Progress } from '../report/progress.js';
import { CaseRunner } from '../runner.js';
import { MAX_FAILURES_IN_A_ROW } from '../run.js';
import { Recorder } from '../exchange.js';
import { loadSpec } from '../spec.js';
import { BoundedTransport, DEFAULT_LIMITS } from '../transport/bounded-transport.js';
import { RunStop } from '../transport/run-stop.js';
import { receiverCases, type Post } from './cases.js';
import { deliver } from './deliver.js';
import { flipHexDigit, signBody, unixSeconds } from './sign.js';

/** Klavi's delivery timeout (spec D-50): an event not acknowledged within it is a failed delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** The longest a webhooks run takes by default: 18 deliveries that each time out take 180 s. */
export const DEFAULT_WEBHOOK_MAX_TIME_MS = 300_000;

export interface WebhookRunOptions {
  /** The receiver's URL, where Klavi would POST the events. */
  receiver: string;
  /** The key the events are signed with: the application's Customer API secretKey. */
  secretKey: string;
  /** Globs over case ids, suites, event names and check names. */
  only?: string[];
  skip?: string[];
  /** The longest one delivery may take, in ms (default and most: Klavi's 10 s). */
  requestTimeoutMs?: number;
  /** The largest answer body read, in bytes (default 10 MiB). */
  maxResponseBytes?: number;
  /** The longest the whole run may take, in ms (default 5 minutes). */
  maxTimeMs?: number;
  /** The fetch under the recorder. */
  fetch?: typeof fetch;
  progress?: Progress;
}

export async function runWebhooks(options: WebhookRunOptions): Promise<WebhookReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const spec = loadSpec();
  // Every event is built and validated first: an event klavi-contract cannot build is never sent.
  const cases = receiverCases(spec);
  const stop = new RunStop();
  try {
    const maxTimeMs = options.maxTimeMs ?? DEFAULT_WEBHOOK_MAX_TIME_MS;
    stop.deadline(maxTimeMs, `the run took longer than its --max-time of ${maxTimeMs / 1000} s`);
    const transport = new BoundedTransport(options.fetch ?? globalThis.fetch, stop, {
      requestTimeoutMs: options.requestTimeoutMs ?? DELIVERY_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_LIMITS.maxResponseBytes,
    });
    const recorder = new Recorder(transport);
    const results: CheckResult[] = [];
    const runner = new CaseRunner(
      recorder,
      (result) => {
        results.push(result);
        options.progress?.result(result);
      },
      { only: options.only ?? [], skip: options.skip ?? [] },
      options.progress ?? {},
      stop,
    );
    let failuresInARow = 0;
    recorder.onExchange((exchange) => {
      if (stop.stopped) return;
      failuresInARow = exchange.error === undefined ? 0 : failuresInARow + 1;
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW)
        stop.stop(
          `${failuresInARow} deliveries in a row got no complete answer from the receiver; the last: ${exchange.error}`,
        );
    });

    const post: Post = (event, signing, ageSeconds = 0) => {
      const signature = signBody(options.secretKey, event.rawBody);
      return deliver(recorder.fetch, options.receiver, {
        rawBody: event.rawBody,
        signature:
          signing === 'missing' ? undefined : signing === 'flipped-digit' ? flipHexDigit(signature) : signature,
        timestamp: unixSeconds(Date.now() - ageSeconds * 1000),
      });
    };
    for (const receiverCase of cases) {
      if (stop.stopped) break;
      await Promise.race([runner.case(receiverCase.spec, (t) => receiverCase.run(t, post)), stop.whenStopped]);
    }
    options.progress?.done();
    return {
      stopped: stop.reason,
      receiver: options.receiver,
      events: [...new Set(cases.flatMap((c) => c.spec.operations))],
      startedAt,
      durationMs: performance.now() - started,
      results,
      exchanges: recorder.exchanges,
    };
  } finally {
    stop.dispose();
  }
}
