// The one switch that ends a run early: the whole-run deadline (--max-time), a server that stopped
// answering, or a preflight that failed. Once thrown, no request is sent, requests in flight are
// aborted, no case starts, and the run's report says why. Its timer is deliberately ref'd: a run
// waiting on a fetch that never settles must still reach its deadline rather than let Node exit
// with an empty event loop (which would look like success).
import { TransportFailure } from './failure.js';

export class RunStop {
  readonly #controller = new AbortController();
  readonly #stopped: Promise<string>;
  #resolve!: (reason: string) => void;
  #reason: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

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
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.stop(reason), ms);
  }

  /** Clears the deadline: the run is over. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}
