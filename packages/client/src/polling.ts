import type { KlaviClient } from './client.js';
import { KlaviConfigError, KlaviWaitError } from './errors.js';
import type { components } from './generated/schema.js';
import type { LooseGet, Paths } from './types.js';
import { STATUS_VALUES, TERMINAL_VALUES } from './generated/spec-metadata.js';
import { sleep } from './retry.js';

type Schemas = components['schemas'];
export type InstantPaymentStatusResult = Schemas['InstantPaymentStatusResponse'];
export type AutomaticConsentStatusResult = Schemas['AutomaticConsentStatusResponse'];
export type AutomaticPaymentStatusResult = Schemas['AutomaticPaymentStatusResponse'];

export interface AwaitStatusOptions<Status extends string, Result> {
  /**
   * The status (or statuses) to wait for, or a test of each status response. Default: any
   * terminal status. Reaching a terminal status that `until` does not accept ends the wait with a
   * KlaviWaitError (`reason: 'terminal'`), since the status can no longer change.
   */
  until?: Status | readonly Status[] | ((result: Result) => boolean);
  /** Pause between reads. Default 2000 ms. */
  intervalMs?: number;
  /** Give up after this long, with a KlaviWaitError (`reason: 'timeout'`). Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface StatusEnum<Status extends string> {
  /** What is being awaited, for messages: `instant payment 123`. */
  subject: string;
  values: readonly Status[];
  terminal: readonly Status[];
}

/** Reads a status until it is wanted, terminal, or the time is up. */
export async function awaitStatus<Status extends string, Result extends { status: Status }>(
  read: (signal: AbortSignal | undefined) => Promise<Result>,
  statuses: StatusEnum<Status>,
  options: AwaitStatusOptions<Status, Result> = {},
): Promise<Result> {
  const { intervalMs = 2000, timeoutMs = 300_000, signal } = options;
  // 0 would poll as fast as the network allows: each read is an API call.
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs))
    throw new KlaviConfigError(`intervalMs must be a positive number of milliseconds between reads, got ${intervalMs}`);
  if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs))
    throw new KlaviConfigError(`timeoutMs must be a number of milliseconds >= 0, got ${timeoutMs}`);
  const wanted = predicate(options.until, statuses);
  // The deadline bounds the reads too: a read that stalls ends when the wait does, not when the
  // transport's own timeout (and its retries) give up.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException(`the wait ran out after ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  (timer as { unref?: () => void }).unref?.();
  const readSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let last: Result | undefined;
  const timedOut = () =>
    new KlaviWaitError(
      'timeout',
      last,
      last
        ? `${statuses.subject} is still ${last.status} after ${timeoutMs} ms`
        : `${statuses.subject}: no status read within ${timeoutMs} ms`,
    );
  try {
    for (;;) {
      let result: Result;
      try {
        result = await read(readSignal);
      } catch (error) {
        if (deadline.signal.aborted && !signal?.aborted) throw timedOut();
        throw error;
      }
      last = result;
      if (wanted(result)) return result;
      if (statuses.terminal.includes(result.status)) {
        throw new KlaviWaitError(
          'terminal',
          result,
          `${statuses.subject} reached the terminal status ${result.status}, which is not awaited`,
        );
      }
      if (deadline.signal.aborted) throw timedOut();
      try {
        await sleep(intervalMs, readSignal);
      } catch (error) {
        if (deadline.signal.aborted && !signal?.aborted) throw timedOut();
        throw error;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

function predicate<Status extends string, Result extends { status: Status }>(
  until: AwaitStatusOptions<Status, Result>['until'],
  statuses: StatusEnum<Status>,
): (result: Result) => boolean {
  if (typeof until === 'function') return until;
  const wanted: readonly Status[] =
    until === undefined ? statuses.terminal : typeof until === 'string' ? [until] : until;
  const unknown = wanted.filter((status) => !statuses.values.includes(status));
  if (unknown.length > 0) {
    throw new KlaviConfigError(
      `until: ${unknown.map((s) => JSON.stringify(s)).join(', ')} is not a status of ${statuses.subject}; expected one of ${statuses.values.join(', ')}`,
    );
  }
  return (result) => wanted.includes(result.status);
}

// The waits are functions of a client, not its methods, so that a program that never waits ships
// none of this (nor the status tables): a bundler drops what is not imported, never a method.

/** Polls an instant payment's status until `until` (default: any terminal status). */
export function awaitPaymentStatus(
  client: KlaviClient<boolean>,
  id: string,
  options?: AwaitStatusOptions<Schemas['InstantPaymentStatus'], InstantPaymentStatusResult>,
): Promise<InstantPaymentStatusResult> {
  return waitFor(
    client,
    'InstantPaymentStatus',
    '/payment/customer/v1/instant/payments/{id}/status',
    { id },
    `instant payment ${id}`,
    options,
  );
}

/** Polls an Automatic Pix consent's status until `until` (default: any terminal status). */
export function awaitConsentStatus(
  client: KlaviClient<boolean>,
  id: string,
  options?: AwaitStatusOptions<Schemas['AutomaticConsentStatus'], AutomaticConsentStatusResult>,
): Promise<AutomaticConsentStatusResult> {
  return waitFor(
    client,
    'AutomaticConsentStatus',
    '/payment/customer/v1/automatic/consents/{id}/status',
    { id },
    `automatic consent ${id}`,
    options,
  );
}

/** Polls a recurring payment's status until `until` (default: any terminal status). */
export function awaitAutomaticPaymentStatus(
  client: KlaviClient<boolean>,
  consentId: string,
  paymentId: string,
  options?: AwaitStatusOptions<Schemas['AutomaticPaymentStatus'], AutomaticPaymentStatusResult>,
): Promise<AutomaticPaymentStatusResult> {
  return waitFor(
    client,
    'AutomaticPaymentStatus',
    '/payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/status',
    { consentId, paymentId },
    `automatic payment ${paymentId} of consent ${consentId}`,
    options,
  );
}

/** Polls the status at `path` until `options.until`, checked against the spec's values of `machine`. */
function waitFor<R extends { status: string }>(
  client: KlaviClient<boolean>,
  machine: keyof typeof STATUS_VALUES,
  path: keyof Paths,
  params: Record<string, string>,
  subject: string,
  options: AwaitStatusOptions<string, R> | undefined,
): Promise<R> {
  const get = client.GET as unknown as LooseGet;
  const read = async (signal: AbortSignal | undefined) =>
    (await get(path, { params: { path: params }, throwOnError: true, ...(signal ? { signal } : {}) })).data as R;
  return awaitStatus(read, { subject, values: STATUS_VALUES[machine], terminal: TERMINAL_VALUES[machine] }, options);
}
