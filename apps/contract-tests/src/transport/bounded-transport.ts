// Every request the certifier sends goes through here, so that no server, however it behaves, can
// make a run hang, grow without bound, or fail without a reason:
// - one deadline per request covers the headers and the whole body (its timer is ref'd, and the
//   wait is raced against it, so even a fetch that never settles ends);
// - a body is read to its end, up to a size cap, before anyone sees the response: a body that
//   exceeds the cap, is cut short or stalls fails here, with its status and headers kept;
// - redirects are not followed: an API answer is never a redirect, and a 3xx is reported as the
//   undocumented status it is, with its Location, rather than chased into a loop;
// - once the run stops, nothing more is sent and what is in flight is aborted.
import { describeFailure, TransportFailure, type Phase } from './failure.js';
import type { RunStop } from './run-stop.js';

export interface TransportLimits {
  /** The longest one request may take, from sending to the last byte of the body. */
  requestTimeoutMs: number;
  /** The largest body read, after any Content-Encoding is undone. */
  maxResponseBytes: number;
}

export const DEFAULT_LIMITS: TransportLimits = { requestTimeoutMs: 30_000, maxResponseBytes: 10 * 1024 * 1024 };

/** A complete answer: status, headers and the whole (decoded) body. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
}

// Statuses whose Response may not have a body (the Fetch standard's null body statuses).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const seconds = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;

/** A Response over an answer already read: reading it again cannot block or fail. */
export function responseOf(answer: Answer): Response {
  try {
    return new Response(NULL_BODY.has(answer.status) ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
  } catch (error) {
    // The Response constructor takes statuses 200–599 and a statusText of header characters only;
    // fetch hands back whatever the server said.
    throw new TransportFailure(
      'protocol',
      `the answer (status ${answer.status}, reason phrase ${JSON.stringify(answer.statusText)}) cannot be handed on: ${(error as Error).message}`,
    );
  }
}

export class BoundedTransport {
  readonly #fetch: typeof fetch;
  readonly #stop: RunStop;
  readonly limits: TransportLimits;

  constructor(baseFetch: typeof fetch, stop: RunStop, limits: TransportLimits = DEFAULT_LIMITS) {
    this.#fetch = baseFetch;
    this.#stop = stop;
    this.limits = limits;
  }

  get stopped(): boolean {
    return this.#stop.stopped;
  }

  /** The failure of a request that is not sent because the run has stopped. */
  notSent(): TransportFailure {
    return new TransportFailure('run-stopped', `not sent: ${this.#stop.reason}`);
  }

  /** Sends `request` and reads its answer whole, or throws a TransportFailure that names why not. */
  async send(
    request: Request,
    callerSignal?: AbortSignal | null,
    timeoutMs = this.limits.requestTimeoutMs,
  ): Promise<Answer> {
    if (this.#stop.stopped) throw this.notSent();
    const max = this.limits.maxResponseBytes;
    const controller = new AbortController();
    let phase: Phase = 'headers';
    let bytes = 0;
    let contentLength: number | undefined;
    let failure: TransportFailure | undefined;
    const fail = (reason: TransportFailure) => {
      if (failure) return;
      failure = reason;
      controller.abort(reason);
    };
    // Every wait below is raced against this, so a fetch or a read that ignores its signal still ends.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
    );
    aborted.catch(() => {});
    const within = <T>(pending: Promise<T>): Promise<T> => Promise.race([pending, aborted]);

    const timer = setTimeout(() => {
      const what =
        phase === 'headers'
          ? 'no response headers arrived'
          : `the body was not complete (${bytes} bytes had arrived${contentLength !== undefined ? ` of ${contentLength}` : ''})`;
      fail(
        new TransportFailure(
          'timeout',
          `timed out: ${what} within the request timeout of ${seconds(timeoutMs)} (--request-timeout)`,
        ),
      );
    }, timeoutMs);
    // A failure of its own for each request: a failure object gets the request's partial answer.
    const onStop = () => fail(new TransportFailure('run-stopped', `not completed: ${this.#stop.reason}`));
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    const onCaller = () => {
      const reason = callerSignal?.reason as { name?: string; message?: string } | undefined;
      fail(
        new TransportFailure(
          reason?.name === 'TimeoutError' ? 'timeout' : 'other',
          `the caller gave up on the request: ${reason?.message ?? 'aborted'}`,
          { byCaller: true },
        ),
      );
    };
    if (callerSignal?.aborted) onCaller();
    callerSignal?.addEventListener('abort', onCaller, { once: true });

    let response: Response | undefined;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    const chunks: Uint8Array[] = [];
    try {
      const fetching = this.#fetch(request, { signal: controller.signal, redirect: 'manual' });
      // A response that comes after the deadline won the race is still let go, not left holding its connection.
      fetching.then(
        (late) => failure && late.body?.cancel().catch(() => {}),
        () => {},
      );
      response = await within(fetching);
      phase = 'body';
      const announced = response.headers.get('content-length');
      contentLength = announced !== null && /^\d{1,15}$/.test(announced.trim()) ? Number(announced) : undefined;
      if (contentLength !== undefined && contentLength > max) {
        fail(
          new TransportFailure(
            'too-large',
            `the body is too large: its Content-Length announces ${contentLength} bytes, over the cap of ${max} (--max-response-size); not read`,
          ),
        );
        throw failure;
      }
      reader = response.body?.getReader();
      while (reader) {
        const { done, value } = await within(reader.read());
        if (done) break;
        bytes += value.byteLength;
        if (bytes > max) {
          fail(
            new TransportFailure(
              'too-large',
              `the body is too large: more than ${max} bytes (--max-response-size); reading stopped there`,
            ),
          );
          throw failure;
        }
        chunks.push(value);
      }
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body: concat(chunks),
      };
    } catch (error) {
      const named = failure ?? describeFailure(error, phase, { bytes, contentLength });
      if (response) named.partial = { status: response.status, headers: response.headers, received: concat(chunks) };
      throw named;
    } finally {
      clearTimeout(timer);
      this.#stop.signal.removeEventListener('abort', onStop);
      callerSignal?.removeEventListener('abort', onCaller);
      // A body left unread holds its connection: let it go.
      if (failure) (reader ? reader.cancel(failure) : response?.body?.cancel(failure))?.catch(() => {});
    }
  }

  /** A fetch for requests that are not recorded (the control endpoints, the bank page), bounded alike. */
  fetchWithin(timeoutMs = this.limits.requestTimeoutMs): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      return responseOf(await this.send(request, init?.signal ?? null, timeoutMs));
    };
  }
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]!.buffer instanceof ArrayBuffer) return chunks[0] as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
