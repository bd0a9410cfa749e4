// Every HTTP exchange of a run, recorded at the fetch level: the client's calls (token requests
// and retries included) and the raw probes alike. The response checks run on each of them, and a
// failure report quotes the request and the response.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Exchange {
  seq: number;
  /** The case that made the request. */
  caseId: string;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** A transport failure: no response at all. */
  error?: string;
  durationMs: number;
}

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
  for (const [name, value] of Object.entries(headers)) out[name] = name === 'authorization' ? value.replace(/^(Bearer\s+).+$/i, '$1…') : value;
  return out;
}

function redactBody(body: string | undefined): string | undefined {
  return body?.replace(/("(?:secretKey|accessToken)"\s*:\s*")[^"]*"/g, '$1…"');
}

const headersOf = (headers: Headers): Record<string, string> => Object.fromEntries([...headers.entries()]);

export class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly #listeners: Array<(exchange: Exchange) => void> = [];
  readonly #fetch: typeof fetch;

  constructor(baseFetch: typeof fetch = globalThis.fetch) {
    this.#fetch = baseFetch;
  }

  onExchange(listener: (exchange: Exchange) => void): void {
    this.#listeners.push(listener);
  }

  /** A fetch that records what passes through it. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const recorded: RecordedRequest = { method: request.method, url: request.url, headers: headersOf(request.headers) };
    if (request.body) recorded.body = await request.clone().text();
    const started = performance.now();
    const exchange: Exchange = { seq: this.exchanges.length + 1, caseId: currentCase.getStore() ?? 'setup', request: recorded, durationMs: 0 };
    try {
      const response = await this.#fetch(request);
      const body = await response.clone().text();
      exchange.response = { status: response.status, headers: headersOf(response.headers), body };
      return response;
    } catch (error) {
      exchange.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      exchange.durationMs = performance.now() - started;
      this.exchanges.push(exchange);
      for (const listener of this.#listeners) listener(exchange);
    }
  };
}
