// Every HTTP exchange of a run, recorded at the fetch level: the client's calls (token requests
// and retries included) and the raw probes alike. The response checks run on each of them, and a
// failure report quotes the request and the response.
import { AsyncLocalStorage } from 'node:async_hooks';
import { responseOf, type BoundedTransport } from './transport/bounded-transport.js';
import { describeFailure, TransportFailure, type FailureKind } from './transport/failure.js';
import { clipText } from './quote.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text, clipped to STORED_BODY_CHARS once the checks have seen it whole. */
  body: string;
  /** The body's size in bytes, as received (after any Content-Encoding was undone). */
  bytes: number;
}

export interface Exchange {
  seq: number;
  /** The case that made the request. */
  caseId: string;
  request: RecordedRequest;
  /** What arrived: set with `error` too when the headers came but the body did not come whole. */
  response?: RecordedResponse;
  /** A transport failure, named: no complete answer arrived. */
  error?: string;
  failure?: FailureKind;
  /**
   * The certifier abandoned the request itself: a status poll's wait ran out while this read was
   * in flight. The client's own attempt timeout lies past the transport's deadline (run.ts), so a
   * late server is always the transport's timeout, never this. Judged by the flow that waited.
   */
  abandoned?: true;
  durationMs: number;
}

/**
 * How much of a body a recorded exchange keeps for the reports (which quote 600 characters). The
 * checks see the whole body first; keeping every body whole made a run against a server of large
 * answers grow by gigabytes.
 */
export const STORED_BODY_CHARS = 8 * 1024;

const clip = (text: string): string => clipText(text, STORED_BODY_CHARS);

const currentCase = new AsyncLocalStorage<string>();

/** Runs `fn` so that every request it makes is recorded under `caseId`. */
export const inCase = <T>(caseId: string, fn: () => Promise<T>): Promise<T> => currentCase.run(caseId, fn);

/** Secrets never reach a report: bearer tokens, secret keys and access tokens are masked. */
export function redactExchange(exchange: Exchange): Exchange {
  const copy = structuredClone(exchange);
  copy.request.headers = redact(copy.request.headers);
  if (copy.request.body !== undefined) copy.request.body = redactBody(copy.request.body)!;
  if (copy.response) copy.response.body = redactBody(copy.response.body)!;
  return copy;
}

function redact(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = name === 'authorization' ? value.replace(/^(Bearer\s+).+$/i, '$1…') : value;
  return out;
}

function redactBody(body: string | undefined): string | undefined {
  return body?.replace(/("(?:secretKey|accessToken)"\s*:\s*")[^"]*"/g, '$1…"');
}

const headersOf = (headers: Headers): Record<string, string> => Object.fromEntries([...headers.entries()]);

const decoder = new TextDecoder();

export class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly #listeners: Array<(exchange: Exchange) => void> = [];
  readonly #transport: BoundedTransport;

  constructor(transport: BoundedTransport) {
    this.#transport = transport;
  }

  onExchange(listener: (exchange: Exchange) => void): void {
    this.#listeners.push(listener);
  }

  /** A fetch that records what passes through it, bounded by the transport's limits. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    // Nothing is sent once the run has stopped, so there is nothing to record either.
    if (this.#transport.stopped) throw this.#transport.notSent();
    const recorded: RecordedRequest = { method: request.method, url: request.url, headers: headersOf(request.headers) };
    if (request.body) recorded.body = clip(await request.clone().text());
    const started = performance.now();
    const exchange: Exchange = {
      seq: this.exchanges.length + 1,
      caseId: currentCase.getStore() ?? 'setup',
      request: recorded,
      durationMs: 0,
    };
    try {
      const answer = await this.#transport.send(request, init?.signal ?? null);
      exchange.response = {
        status: answer.status,
        headers: headersOf(answer.headers),
        body: decoder.decode(answer.body),
        bytes: answer.body.byteLength,
      };
      return responseOf(answer);
    } catch (error) {
      const failure = error instanceof TransportFailure ? error : describeFailure(error, 'headers');
      exchange.error = failure.message;
      exchange.failure = failure.kind;
      if (failure.byCaller) exchange.abandoned = true;
      if (failure.partial) {
        const { status, headers, received } = failure.partial;
        exchange.response = {
          status,
          headers: headersOf(headers),
          body: decoder.decode(received),
          bytes: received.byteLength,
        };
      }
      throw failure;
    } finally {
      exchange.durationMs = performance.now() - started;
      this.exchanges.push(exchange);
      for (const listener of this.#listeners) listener(exchange);
      if (exchange.response) exchange.response.body = clip(exchange.response.body);
    }
  };
}
