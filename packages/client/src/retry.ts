import type { RetryClass } from './operations.js';

export interface RetryOptions {
  /** Total attempts, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff step; doubles on each retry. Default 300 ms. */
  baseDelayMs?: number;
  /** Upper bound of one backoff step. Default 10 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the response is returned as is. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1). Default Math.random; inject a fixed one for reproducible tests. */
  random?: () => number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/**
 * Statuses after which the server may have done the work: a replay needs the idempotency key, and
 * a 409 to it means the earlier attempt most likely created the resource. A 503 or a 429 can come
 * from a gateway or a limiter in front of a server that had already acted, so every retryable
 * status counts.
 */
const AMBIGUOUS_STATUSES: ReadonlySet<number> = RETRYABLE_STATUSES;

export function resolveRetryOptions(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  const resolved: ResolvedRetryOptions = {
    maxAttempts: options === false ? 1 : (options?.maxAttempts ?? 4),
    baseDelayMs: options ? (options.baseDelayMs ?? 300) : 300,
    maxDelayMs: options ? (options.maxDelayMs ?? 10_000) : 10_000,
    maxRetryAfterMs: options ? (options.maxRetryAfterMs ?? 60_000) : 60_000,
    random: (options ? options.random : undefined) || Math.random,
  };
  for (const key of ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < (key === 'maxAttempts' ? 1 : 0)) {
      throw new RangeError(
        `retry.${key} must be a finite number ${key === 'maxAttempts' ? '>= 1' : '>= 0'}, got ${value}`,
      );
    }
  }
  return resolved;
}

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: 'response'; response: Response }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout' };

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; reason: string };

/**
 * Whether to send the request again after `attempt` attempts. Safe operations are retried on a
 * network error, a timeout, 429, 502, 503 and 504; keyed creates too, because the replay carries
 * the same clientRequestId; unsafe ones only on 429, which the server answers before doing anything.
 */
export function decideRetry(
  retryClass: RetryClass,
  outcome: AttemptOutcome,
  attempt: number,
  options: ResolvedRetryOptions,
  now: number = Date.now(),
): RetryDecision {
  if (attempt >= options.maxAttempts) return { retry: false };
  const reason = describeOutcome(outcome);
  if (outcome.kind !== 'response') {
    return retryClass === 'unsafe' ? { retry: false } : { retry: true, delayMs: backoff(attempt, options), reason };
  }
  const { status } = outcome.response;
  if (!RETRYABLE_STATUSES.has(status)) return { retry: false };
  if (retryClass === 'unsafe' && status !== 429) return { retry: false };
  const retryAfter = parseRetryAfter(outcome.response.headers.get('retry-after'), now);
  if (retryAfter === undefined) return { retry: true, delayMs: backoff(attempt, options), reason };
  if (retryAfter > options.maxRetryAfterMs) return { retry: false };
  return { retry: true, delayMs: retryAfter, reason: `${reason}, Retry-After ${Math.round(retryAfter / 1000)} s` };
}

/** True when an attempt may have reached the server and done its work without us learning so. */
export function isAmbiguous(outcome: AttemptOutcome): boolean {
  return outcome.kind !== 'response' || AMBIGUOUS_STATUSES.has(outcome.response.status);
}

export function describeOutcome(outcome: AttemptOutcome): string {
  if (outcome.kind === 'timeout') return 'timeout';
  if (outcome.kind === 'network') return 'network error';
  return String(outcome.response.status);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so waits still grow. */
export function backoff(attempt: number, options: ResolvedRetryOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + options.random() * (step / 2));
}

/** Retry-After as milliseconds: delta-seconds (what the spec declares) or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
