import { KlaviConfigError, KlaviWaitError } from './errors.js';
import { sleep } from './retry.js';

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
  if (!(intervalMs >= 0) || !(timeoutMs >= 0)) throw new RangeError('intervalMs and timeoutMs must be numbers >= 0');
  const wanted = predicate(options.until, statuses);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await read(signal);
    if (wanted(result)) return result;
    if (statuses.terminal.includes(result.status)) {
      throw new KlaviWaitError('terminal', result, `${statuses.subject} reached the terminal status ${result.status}, which is not awaited`);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new KlaviWaitError('timeout', result, `${statuses.subject} is still ${result.status} after ${timeoutMs} ms`);
    }
    await sleep(Math.min(intervalMs, left), signal);
  }
}

function predicate<Status extends string, Result extends { status: Status }>(
  until: AwaitStatusOptions<Status, Result>['until'],
  statuses: StatusEnum<Status>,
): (result: Result) => boolean {
  if (typeof until === 'function') return until;
  const wanted: readonly Status[] = until === undefined ? statuses.terminal : typeof until === 'string' ? [until] : until;
  const unknown = wanted.filter((status) => !statuses.values.includes(status));
  if (unknown.length > 0) {
    throw new KlaviConfigError(`until: ${unknown.map((s) => JSON.stringify(s)).join(', ')} is not a status of ${statuses.subject}; expected one of ${statuses.values.join(', ')}`);
  }
  return (result) => wanted.includes(result.status);
}
