// The one switch that ends a run early: the whole-run deadline (--max-time), a server that stopped
// answering, or a preflight that failed. Once stopped, no request is sent, requests in flight are
// aborted, no case starts, and the run's report says why. Its timer is deliberately ref'd: a run
// waiting on a fetch that never settles must still reach its deadline rather than let Node exit
// with an empty event loop (which would look like success).
import { TransportFailure } from './failure.js';

/** setTimeout's largest delay: a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RunStop {
  readonly #controller = new AbortController();
  readonly #stopped: Promise<string>;
  #resolve!: (reason: string) => void;
  #reason: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deadline: { at: number; reason: string } | undefined;

  constructor() {
    this.#stopped = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Aborts when the run stops; its reason is a TransportFailure of kind 'run-stopped'. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stopped(): boolean {
    return this.#reason !== undefined;
  }

  get reason(): string | undefined {
    return this.#reason;
  }

  /** Resolves with the reason once the run stops (never, for a run that completes). */
  get whenStopped(): Promise<string> {
    return this.#stopped;
  }

  /** Stops the run; the first reason given is the one reported. */
  stop(reason: string): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    clearTimeout(this.#timer);
    this.#controller.abort(new TransportFailure('run-stopped', `not completed: ${reason}`));
    this.#resolve(reason);
  }

  /** Stops the run after `ms`, with `reason`. */
  deadline(ms: number, reason: string): void {
    if (!(ms > 0 && ms <= MAX_TIMER_MS))
      throw new RangeError(`a run's deadline must be above 0 and at most ${MAX_TIMER_MS} ms, got ${ms}`);
    this.#deadline = { at: Date.now() + ms, reason };
    this.#arm();
  }

  /** Moves the deadline `ms` later: for a wait the deadline is not meant to count (a token's lifetime). */
  extend(ms: number): void {
    if (!this.#deadline || this.stopped) return;
    this.#deadline.at += ms;
    this.#arm();
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const deadline = this.#deadline!;
    this.#timer = setTimeout(
      () => this.stop(deadline.reason),
      Math.min(MAX_TIMER_MS, Math.max(0, deadline.at - Date.now())),
    );
  }

  /** Clears the deadline: the run is over. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}
