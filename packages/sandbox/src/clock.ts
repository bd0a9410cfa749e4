/** The sandbox's notion of now. Every timeout and state transition reads it, never Date.now(). */
export interface SandboxClock {
  now(): number;
  /** Moves time forward; what falls due in between happens on the next read. */
  advance(ms: number): void;
}

/**
 * `'system'` follows the wall clock (plus whatever was advanced); a date or epoch milliseconds
 * starts a frozen clock that moves only when advanced, for deterministic tests.
 */
export type ClockOption = 'system' | Date | number | SandboxClock;

/** Where a built-in clock stands, as JSON: what a data file keeps (persistence/). */
export type ClockData = { kind: 'system'; offsetMs: number } | { kind: 'frozen'; nowMs: number };

/** A built-in clock, which can say where it stands. */
export interface DataClock extends SandboxClock {
  toData(): ClockData;
}

export function createClock(option: ClockOption = 'system'): SandboxClock {
  if (typeof option === 'object' && !(option instanceof Date)) return option;
  if (option === 'system') return clockFromData({ kind: 'system', offsetMs: 0 });
  const start = option instanceof Date ? option.getTime() : option;
  if (!Number.isFinite(start)) throw new RangeError(`clock: ${String(option)} is not a valid start time`);
  return clockFromData({ kind: 'frozen', nowMs: start });
}

/** A clock that goes on from where `toData` left one. */
export function clockFromData(data: ClockData): DataClock {
  if (data.kind === 'system') {
    let offset = data.offsetMs;
    return {
      now: () => Date.now() + offset,
      advance: (ms) => {
        offset += checkAdvance(ms);
      },
      toData: () => ({ kind: 'system', offsetMs: offset }),
    };
  }
  let current = data.nowMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += checkAdvance(ms);
    },
    toData: () => ({ kind: 'frozen', nowMs: current }),
  };
}

export const isDataClock = (clock: SandboxClock): clock is DataClock =>
  typeof (clock as Partial<DataClock>).toData === 'function';

function checkAdvance(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`clock: cannot advance by ${ms} ms; give a non-negative number`);
  return ms;
}

/** `YYYY-MM-DD` in Brasília time (UTC-3, no daylight saving since 2019), as the spec's dates are. */
export function brasiliaDate(epochMs: number): string {
  return new Date(epochMs - 3 * 3600_000).toISOString().slice(0, 10);
}

/** UTC timestamp with a `Z` suffix and milliseconds, as the spec's Timestamp allows. */
export const timestamp = (epochMs: number): string => new Date(epochMs).toISOString();
