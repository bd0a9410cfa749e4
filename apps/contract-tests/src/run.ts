// One contract run: start the simulator when no server is given, find what the server offers,
// run the suites in a fixed order, and collect every check result and exchange.
import { createKlaviClient, type Credentials } from '@klavi-pay/client';
import { DEMO_CREDENTIALS, startSandbox } from '@klavi-pay/sandbox';
import { uncovered } from './catalog.js';
import { checkExchange } from './checks/response.js';
import { statefulFlow } from './checks/stateful-flow.js';
import { tokenFor } from './api-call.js';
import type { RunContext } from './context.js';
import { Recorder } from './exchange.js';
import { BoundedTransport, DEFAULT_LIMITS, type TransportLimits } from './transport/bounded-transport.js';
import { RunStop } from './transport/run-stop.js';
import { Fixtures } from './fixtures.js';
import { createPolicy } from './generate/policy.js';
import { Rng } from './generate/rng.js';
import type { RunReport } from './report/files.js';
import type { Progress } from './report/progress.js';
import { coverage } from './report/summary.js';
import type { CheckResult } from './results.js';
import { CaseRunner } from './runner.js';
import { detectControl } from './server-control.js';
import { loadSpec } from './spec.js';
import { authChecks } from './suites/auth.js';
import { negativeData, positiveData } from './suites/data.js';
import { automaticFlow, instantFlows } from './suites/flows.js';
import { methodChecks } from './suites/methods.js';
import { businessRuleChecks, unknownResources } from './suites/rules.js';
import { idempotencyChecks, useAfterCancelChecks } from './suites/state.js';
import { tokenExpiry } from './suites/expiry.js';
import { documentedAnswers } from './suites/answers.js';

export interface ContractOptions {
  /** The server to certify. Without one, the sandbox simulator is started in-process. */
  baseUrl?: string;
  credentials?: Credentials;
  managementCredentials?: Credentials;
  /** Globs over case ids, suites, operationIds and check names. */
  only?: string[];
  skip?: string[];
  seed?: number;
  /**
   * The longest one status wait may take, in ms. Default: 10 s against a server whose clock the run
   * moves (the simulator settles one status per server second, and 10 s of ticking is hundreds of
   * server seconds, far past the longest documented path), 5 minutes against one it cannot.
   */
  flowTimeoutMs?: number;
  /** Against a server whose clock cannot be moved, wait a token's expireIn out to check it expires. */
  checkTokenExpiry?: boolean;
  /** The longest one request may take, headers and body together, in ms (default 30 s). */
  requestTimeoutMs?: number;
  /** The largest response body read, in bytes (default 10 MiB); a larger one fails its check. */
  maxResponseBytes?: number;
  /** The longest the whole run may take, in ms (default 30 minutes); past it the run stops and fails. */
  maxTimeMs?: number;
  /** The fetch under the recorder; tests put a faulty server behind it. */
  fetch?: typeof fetch;
  progress?: Progress;
}

/** The suites, in the order they run: flows first, since they show the most when something is wrong. */
export const SUITES = [
  ['flow', instantFlows],
  ['flow', automaticFlow],
  ['positive', positiveData],
  ['negative', negativeData],
  ['auth', authChecks],
  ['methods', methodChecks],
  ['idempotency', idempotencyChecks],
  ['use-after-cancel', useAfterCancelChecks],
  ['rules', businessRuleChecks],
  ['unknown', unknownResources],
  // After every suite that reaches answers by itself: it asks only for the documented answers not yet received.
  ['answers', documentedAnswers],
  // Last: it moves the server's clock past a token's lifetime.
  ['expiry', tokenExpiry],
] as const;

export class ContractConfigError extends Error {}

export const DEFAULT_MAX_TIME_MS = 30 * 60_000;

/**
 * Requests in a row that got no complete answer (none, a cut, stalled or oversized body) before the
 * run gives up on the server: enough to ride out a blip (the client retries safe requests twice),
 * few enough that a dead server fails the run in seconds rather than a request timeout times every case.
 */
export const MAX_FAILURES_IN_A_ROW = 10;

export async function runContract(options: ContractOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const spec = loadSpec();
  const missing = uncovered(spec.byId.keys());
  if (missing.length > 0)
    throw new ContractConfigError(
      `the contract tests do not know how to call ${missing.join(', ')}: add them to src/catalog.ts`,
    );

  const sandbox = options.baseUrl ? undefined : await startSandbox({ port: 0, host: '127.0.0.1', quiet: true, seed });
  const stop = new RunStop();
  try {
    const baseUrl = (options.baseUrl ?? sandbox!.url).replace(/\/+$/, '');
    const credentials = options.credentials ?? (sandbox ? pair(DEMO_CREDENTIALS.CustomerBearer[0]!) : undefined);
    if (!credentials)
      throw new ContractConfigError(
        'a server was given without credentials: pass --access-key and --secret-key (or KLAVI_ACCESS_KEY and KLAVI_SECRET_KEY)',
      );
    const managementCredentials =
      options.managementCredentials ?? (sandbox ? pair(DEMO_CREDENTIALS.ManagementBearer[0]!) : undefined);

    const limits: TransportLimits = {
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_LIMITS.maxResponseBytes,
    };
    const maxTimeMs = options.maxTimeMs ?? DEFAULT_MAX_TIME_MS;
    stop.deadline(maxTimeMs, `the run took longer than its --max-time of ${maxTimeMs / 1000} s`);
    const transport = new BoundedTransport(options.fetch ?? globalThis.fetch, stop, limits);
    const recorder = new Recorder(transport);
    const unrecordedFetch = transport.fetchWithin();
    // A server without the simulator's control endpoints may be slow to say so: do not wait long.
    const { control, scenarios } = await detectControl(
      baseUrl,
      transport.fetchWithin(Math.min(5_000, limits.requestTimeoutMs)),
    );
    const client = createKlaviClient({
      baseUrl,
      credentials,
      ...(managementCredentials ? { managementCredentials } : {}),
      fetch: recorder.fetch,
      // Past the transport's own deadline, so that the transport's timeout, which says what was late, is the one reported.
      timeoutMs: limits.requestTimeoutMs + 1_000,
    });
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
    const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
    let failuresInARow = 0;
    recorder.onExchange((exchange) => {
      if (stop.stopped) return;
      // A read the certifier abandoned itself neither counts against the server nor clears the count.
      if (!exchange.abandoned) failuresInARow = exchange.error === undefined ? 0 : failuresInARow + 1;
      for (const result of checkExchange(spec, exchange, basePath)) {
        if (runner.checkSkipped(result.check)) continue;
        results.push(result);
        options.progress?.result(result);
      }
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW)
        stop.stop(
          `${failuresInARow} requests in a row got no complete answer from the server; the last: ${exchange.error}`,
        );
    });

    const runId = `${seed.toString(36)}-${Date.now().toString(36)}`;
    const ctx: RunContext = {
      spec,
      client,
      baseUrl,
      credentials,
      managementCredentials,
      recorder,
      unrecordedFetch,
      control,
      scenarios,
      policy: createPolicy(runId, control.scenarioCents),
      rng: new Rng(seed),
      fixtures: new Fixtures(() => ctx),
      waitForTokenExpiry: options.checkTokenExpiry ?? false,
      runStop: stop,
      wait: {
        intervalMs: control.clock ? 10 : 2_000,
        timeoutMs: options.flowTimeoutMs ?? (control.clock ? 10_000 : 300_000),
      },
    };
    // Nothing else can work without a token: stop early, with the reason, rather than fail thousands of cases.
    let preflight: unknown;
    await runner.case(
      {
        id: 'preflight/credentials',
        suite: 'preflight',
        operations: ['createCustomerAccessToken'],
        checks: [statefulFlow.name],
      },
      async (t) => {
        try {
          await tokenFor(ctx, 'CustomerBearer');
        } catch (error) {
          preflight = error;
          throw error;
        }
        t.check(statefulFlow, 'createCustomerAccessToken', { step: 'preflight' });
      },
      { always: true },
    );
    if (preflight !== undefined)
      stop.stop(
        `the run stopped at its first request: ${preflight instanceof Error ? preflight.message : String(preflight)}`,
      );
    // Raced against the stop: a suite that waits on something other than a request (a sleep, a
    // token's lifetime) must not hold the run past its deadline.
    for (const [, suite] of SUITES) {
      if (stop.stopped) break;
      await Promise.race([suite(ctx, runner), stop.whenStopped]);
    }
    options.progress?.done();

    return {
      stopped: stop.reason,
      baseUrl,
      seed,
      startedAt,
      durationMs: performance.now() - started,
      results,
      exchanges: recorder.exchanges,
      coverage: coverage(spec, recorder.exchanges, basePath, { answers: control.answers, results }),
    };
  } finally {
    stop.dispose();
    await sandbox?.close();
  }
}

const pair = (credential: { accessKey: string; secretKey: string }): Credentials => ({
  accessKey: credential.accessKey,
  secretKey: credential.secretKey,
});
