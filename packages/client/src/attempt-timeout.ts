// The deadline of one attempt. Its signal goes to the fetch as `init.signal`, not on the Request:
// undici makes a Request follow its signal (a listener, a WeakRef and a finalizer each), and the
// fetch makes a Request of its own that follows it again, which was most of the client's own
// work. The deadline does not rely on the fetch honouring the signal either: `bound` ends the wait
// when the timer fires, so a custom fetch that drops its second argument still times out. The
// timer is armed when the attempt is sent and cleared only once the answer's body has been read,
// so a server that sends headers and then stalls is bounded too; unref'd, it keeps no process alive.
export class AttemptTimeout {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Ends whatever currently waits on this deadline: the fetch, then the reading of its body. */
  onFire: ((reason: unknown) => void) | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get fired(): boolean {
    return this.#controller.signal.aborted;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      const reason = new DOMException(`no response within ${this.#ms} ms`, 'TimeoutError');
      this.#controller.abort(reason);
      this.onFire?.(reason);
    }, this.#ms);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }

  /** `pending`, or its rejection with the deadline's reason once the timer fires (or `also` aborts). */
  bound<T>(pending: Promise<T>, also?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.onFire = reject;
      if (!also) {
        pending.then(resolve, reject);
        return;
      }
      const abort = () => reject(also.reason);
      if (also.aborted) abort();
      also.addEventListener('abort', abort, { once: true });
      const done = () => also.removeEventListener('abort', abort);
      pending.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }
}
