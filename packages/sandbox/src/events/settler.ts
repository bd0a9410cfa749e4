// Moves that fall due happen on their own when someone listens for events: a merchant that relies
// on webhooks does not poll, so an approved payment must settle, and say so, without being read.
// Without webhooks the sandbox stays lazy (a read applies what fell due: domain/lifecycle.ts).
//
// It keeps the records that have a plan, and applies what fell due when the clock is advanced and,
// on a clock that follows real time, when the next planned step's time comes.
import type { SandboxChange } from '../domain/changes.js';
import type { AnyRecord } from '../domain/records.js';
import type { SandboxState } from '../domain/state.js';

/** The longest one timer waits: a custom clock may move on its own in ways this cannot see. */
const MAX_WAIT_MS = 1_000;

export class BackgroundSettler {
  readonly #state: SandboxState;
  /** Records with something planned: the only ones a tick looks at. */
  readonly #planned = new Set<AnyRecord>();
  readonly #realTime: boolean;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: () => void;
  #settling = false;
  #closed = false;

  readonly #settled: (() => void) | undefined;

  /**
   * `realTime`: the clock moves by itself (the system clock, or a custom one), so due steps are
   * timed. `settled`: called after moves were applied outside any request (to commit them).
   */
  constructor(state: SandboxState, realTime: boolean, settled?: () => void) {
    this.#state = state;
    this.#realTime = realTime;
    this.#settled = settled;
    for (const kind of ['instant', 'consent', 'automatic-payment'] as const)
      for (const record of state.store.records(kind)) this.#track(record);
    this.#unsubscribe = state.subscribe((change) => this.#changed(change));
    this.settle();
  }

  /** Applies every planned step that has fallen due, the earliest first, then waits for the next. */
  settle(): void {
    if (this.#settling || this.#closed) return;
    this.#settling = true;
    try {
      const now = this.#state.clock.now();
      const due = [...this.#planned]
        .filter((record) => (record.life.planned[0]?.at ?? Number.POSITIVE_INFINITY) <= now)
        .sort((a, b) => a.life.planned[0]!.at - b.life.planned[0]!.at);
      // Each catch-up is a move the change stream tells (cause 'plan'), which the event outbox hears.
      for (const record of due) {
        record.life.catchUp(this.#state.clock);
        this.#track(record);
      }
      if (due.length > 0) this.#settled?.();
    } finally {
      this.#settling = false;
    }
    this.#arm();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#unsubscribe();
  }

  #changed(change: SandboxChange): void {
    if (change.type === 'clock-moved') {
      // After the change is told: the stream's listeners must not change the state while it is told.
      queueMicrotask(() => this.settle());
      return;
    }
    if (change.type === 'created' || change.type === 'replanned' || change.type === 'status-moved') {
      this.#track(change.record as AnyRecord);
      if (change.type !== 'status-moved') queueMicrotask(() => this.#arm());
    } else if (change.type === 'evicted') this.#planned.delete(change.record as AnyRecord);
  }

  #track(record: AnyRecord): void {
    if (record.life.planned.length > 0) this.#planned.add(record);
    else this.#planned.delete(record);
  }

  /** On a real-time clock, a timer for the earliest planned step. */
  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed || !this.#realTime || this.#planned.size === 0) return;
    let next = Number.POSITIVE_INFINITY;
    for (const record of this.#planned) next = Math.min(next, record.life.planned[0]?.at ?? next);
    const wait = Math.max(0, Math.min(MAX_WAIT_MS, next - this.#state.clock.now()));
    this.#timer = setTimeout(() => this.settle(), wait);
    this.#timer.unref();
  }
}
