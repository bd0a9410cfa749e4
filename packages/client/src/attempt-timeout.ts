// The deadline of one attempt. The first attempt's signal is handed to openapi-fetch, so the
// Request it builds is the one sent: building a second Request per call (and re-reading its body)
// was most of the client's own work. The timer is armed when the attempt is sent and cleared only
// once the answer's body has been read, so a server that sends headers and then stalls is bounded
// too; unref'd, it keeps no process alive.
export class AttemptTimeout {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

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
    this.#timer = setTimeout(() => this.#controller.abort(new DOMException(`no response within ${this.#ms} ms`, 'TimeoutError')), this.#ms);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
