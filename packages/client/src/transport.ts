// The fetch function the generated client runs on. It owns what openapi-fetch middleware cannot
// do, because a middleware cannot send a request through the chain again: per-attempt timeouts,
// bearer tokens with a refresh-and-replay on 401, and retries with backoff. User middleware added
// with `client.use()` runs outside it and sees one logical request and its final response.
import { AttemptTimeout } from './attempt-timeout.js';
import { TokenCache, type Credentials, type AccessToken } from './auth.js';
import {
  KlaviAuthError,
  KlaviConfigError,
  KlaviNetworkError,
  KlaviTimeoutError,
  type KlaviErrorBody,
} from './errors.js';
import { OPERATIONS, SECURITY_SCHEMES } from './generated/spec-metadata.js';
import type { KlaviLogger } from './logger.js';
import { readAt, type OperationMeta, type RetryClass, type SecuritySchemeName } from './operations.js';
import {
  decideRetry,
  describeOutcome,
  isAmbiguous,
  RETRYABLE_STATUSES,
  sleep,
  type AttemptOutcome,
  type ResolvedRetryOptions,
} from './retry.js';

/**
 * The fetch requests go out through. The second argument carries the attempt's signal (its
 * deadline, and the caller's own signal): pass it on, as `globalThis.fetch(request, init)` does, so
 * that a timed-out attempt is cancelled. The client stops waiting at the deadline either way.
 */
export type FetchFunction = (request: Request, init: FetchInit) => Promise<Response>;

export interface FetchInit {
  signal: AbortSignal;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: FetchFunction;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
  credentials: Partial<Record<SecuritySchemeName, Credentials>>;
  logger?: KlaviLogger | undefined;
  now?: () => number;
}

/** What the transport learnt while sending, for the error the client builds from the response. */
export interface CallRecord {
  attempts: number;
  /** Set when a keyed create was answered 409 after an earlier attempt got no definite answer. */
  conflictAfterRetry?: { clientRequestId: string | undefined; earlierFailure: string };
}

/**
 * One call as the transport sends it. `first` is the first attempt's deadline; `body` is the body
 * as serialised, to send again on a retry or a 401 replay. `current` is the deadline of the attempt
 * whose answer is being read: the caller clears it once it has read the body.
 */
export class Call {
  current: AttemptTimeout;
  #sent = false;
  #restore: (() => void) | undefined;

  /** The attempt has its answer (or failed): the fetch has read the request, so undo what was added to it. */
  sent(): void {
    this.#restore?.();
    this.#restore = undefined;
  }

  constructor(
    first: AttemptTimeout,
    readonly body: BodyInit | undefined,
    readonly userSignal: AbortSignal | undefined,
  ) {
    this.current = first;
  }

  /** The request for the next attempt, with `token`: the original the first time, a copy after. */
  next(original: Request, token: string | undefined, timeoutMs: number): Request {
    if (!this.#sent) {
      this.#sent = true;
      if (token) {
        const before = original.headers.get('authorization');
        original.headers.set('authorization', `Bearer ${token}`);
        // Middleware sees the original again in onResponse: the token must not be on it then.
        this.#restore = () =>
          before === null ? original.headers.delete('authorization') : original.headers.set('authorization', before);
      }
      return original;
    }
    this.current.clear();
    this.current = new AttemptTimeout(timeoutMs);
    const headers = new Headers(original.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return new Request(original.url, {
      method: original.method,
      headers,
      body: this.body ?? null,
      redirect: original.redirect,
    });
  }

  /** What the current attempt is sent with: its deadline, and the caller's signal if there is one. */
  init(): FetchInit {
    return { signal: this.userSignal ? AbortSignal.any([this.userSignal, this.current.signal]) : this.current.signal };
  }
}

/**
 * A body to send again as it is: a string is what openapi-fetch's JSON serialiser gives. Anything
 * else (a stream cannot be sent twice) is read from a clone of the request instead.
 */
export const isReplayable = (body: unknown): body is string | undefined =>
  body === undefined || typeof body === 'string';

/** Statuses whose Response may not carry a body, even an empty one. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** `response` with its body already read: the same status, headers and URL. */
function buffered(response: Response, bytes: ArrayBuffer): Response {
  const copy = new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A status no policy retries: decided without asking decideRetry, as most answers are. */
const NO_RETRY = { retry: false } as const;

export class Transport {
  readonly records = new WeakMap<Response, CallRecord>();
  readonly #options: TransportOptions;
  readonly #tokens = new Map<SecuritySchemeName, TokenCache>();

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  get timeoutMs(): number {
    return this.#options.timeoutMs;
  }

  /** Sends `request` for `operation` with auth, timeouts and retries; returns the final response, its body read. */
  async send(
    request: Request,
    operation: OperationMeta | undefined,
    fetchImpl: FetchFunction,
    callId: string,
    call: Call,
  ): Promise<Response> {
    const operationId = operation?.operationId ?? `${request.method} ${new URL(request.url).pathname}`;
    const retryClass: RetryClass = operation?.retry ?? (SAFE_METHODS.has(request.method) ? 'safe' : 'unsafe');
    const tokens = operation?.security ? this.#tokenCache(operation.security, operationId) : undefined;
    let earlierFailure: string | undefined;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(request, call, tokens, operationId, fetchImpl);
      const final = outcome.kind === 'response' && !RETRYABLE_STATUSES.has(outcome.response.status);
      const decision = final ? NO_RETRY : decideRetry(retryClass, outcome, attempt, this.#options.retry);
      if (decision.retry) {
        if (isAmbiguous(outcome)) earlierFailure ??= describeOutcome(outcome);
        if (outcome.kind === 'response') await outcome.response.body?.cancel();
        this.#options.logger?.({
          type: 'retry',
          operationId,
          attempt,
          delayMs: decision.delayMs,
          reason: decision.reason,
          requestId: callId,
        });
        await sleep(decision.delayMs, call.userSignal);
        continue;
      }
      if (outcome.kind === 'timeout') throw new KlaviTimeoutError(operationId, attempt, this.#options.timeoutMs);
      if (outcome.kind === 'network') throw new KlaviNetworkError(operationId, attempt, { cause: outcome.error });
      const record: CallRecord = { attempts: attempt };
      if (outcome.response.status === 409 && retryClass === 'keyed' && earlierFailure && operation?.idempotencyKey) {
        record.conflictAfterRetry = {
          clientRequestId: idempotencyKeyOf(call.body, operation.idempotencyKey),
          earlierFailure,
        };
      }
      this.records.set(outcome.response, record);
      return outcome.response;
    }
  }

  /** One attempt, with a token; a 401 forgets the token and replays once with a fresh one. */
  async #attempt(
    request: Request,
    call: Call,
    tokens: TokenCache | undefined,
    operationId: string,
    fetchImpl: FetchFunction,
  ): Promise<AttemptOutcome> {
    const token = tokens ? (tokens.fresh() ?? (await tokens.get(call.userSignal))) : undefined;
    const outcome = await this.#sendOnce(call.next(request, token, this.#options.timeoutMs), call, fetchImpl);
    if (!tokens || !token || outcome.kind !== 'response' || outcome.response.status !== 401) return outcome;
    await outcome.response.body?.cancel();
    tokens.reject(token, operationId);
    const fresh = await tokens.get(call.userSignal);
    return this.#sendOnce(call.next(request, fresh, this.#options.timeoutMs), call, fetchImpl);
  }

  async #sendOnce(attempt: Request, call: Call, fetchImpl: FetchFunction): Promise<AttemptOutcome> {
    const timeout = call.current;
    const init = call.init();
    timeout.start();
    try {
      const response = await timeout.bound(fetchImpl(attempt, init), call.userSignal);
      call.sent();
      // The body is read within the attempt, under its deadline: a body cut short (a connection
      // closed mid-answer) is then a failed attempt, retried or not by the operation's retry class,
      // instead of an error thrown from deep inside openapi-fetch's parsing after the call ended.
      const bytes = await timeout.bound(response.arrayBuffer(), call.userSignal);
      // The answer is whole: what follows (openapi-fetch's parsing, middleware) is not the server's time.
      timeout.clear();
      return { kind: 'response', response: buffered(response, bytes) };
    } catch (error) {
      call.sent();
      timeout.clear();
      if (call.userSignal?.aborted) throw call.userSignal.reason;
      if (timeout.fired) return { kind: 'timeout' };
      return { kind: 'network', error };
    }
  }

  #tokenCache(scheme: SecuritySchemeName, operationId: string): TokenCache {
    let cache = this.#tokens.get(scheme);
    if (cache) return cache;
    const credentials = this.#options.credentials[scheme];
    if (!credentials) {
      throw new KlaviConfigError(
        `${operationId} needs ${scheme} credentials, which this client was not given` +
          (scheme === 'ManagementBearer' ? ': pass managementCredentials to createKlaviClient' : ''),
      );
    }
    const options = { logger: this.#options.logger, ...(this.#options.now ? { now: this.#options.now } : {}) };
    cache = new TokenCache(scheme, () => this.#issueToken(scheme, credentials), options);
    this.#tokens.set(scheme, cache);
    return cache;
  }

  async #issueToken(scheme: SecuritySchemeName, credentials: Credentials): Promise<AccessToken> {
    const operationId = SECURITY_SCHEMES[scheme].tokenOperation;
    const meta = OPERATIONS[operationId];
    const callId = crypto.randomUUID();
    const body = JSON.stringify({ accessKey: credentials.accessKey, secretKey: credentials.secretKey });
    const call = new Call(new AttemptTimeout(this.#options.timeoutMs), body, undefined);
    const request = new Request(this.#options.baseUrl + meta.path, {
      method: meta.method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
    let response: Response;
    let text: string;
    try {
      // Its body was read within the attempt, under the attempt's deadline.
      response = await this.send(request, { ...meta, operationId }, this.#options.fetch, callId, call);
      text = await response.text();
    } finally {
      call.current.clear();
    }
    const parsed = parseJson(text);
    const init = {
      operationId,
      method: meta.method,
      path: meta.path,
      response,
      body: (isObject(parsed) ? parsed : undefined) as KlaviErrorBody | undefined,
      text,
      requestId: response.headers.get('x-request-id') ?? callId,
      attempts: this.records.get(response)?.attempts ?? 1,
    };
    if (!response.ok) {
      const reason =
        typeof init.body?.message === 'string' ? init.body.message : text.slice(0, 200) || response.statusText;
      throw new KlaviAuthError(
        init,
        `Could not get a ${scheme} access token: ${operationId} answered ${response.status}: ${reason} [request ${init.requestId}]`,
      );
    }
    if (
      !isObject(parsed) ||
      typeof parsed.accessToken !== 'string' ||
      typeof parsed.expireIn !== 'number' ||
      !(parsed.expireIn > 0)
    ) {
      throw new KlaviAuthError(
        init,
        `Could not get a ${scheme} access token: ${operationId} answered ${response.status} without accessToken and a positive expireIn [request ${init.requestId}]`,
      );
    }
    return { accessToken: parsed.accessToken, expireIn: parsed.expireIn };
  }
}

function idempotencyKeyOf(body: BodyInit | undefined, path: readonly string[]): string | undefined {
  const text =
    typeof body === 'string'
      ? body
      : body instanceof ArrayBuffer || ArrayBuffer.isView(body)
        ? new TextDecoder().decode(body)
        : undefined;
  if (text === undefined) return undefined;
  const value = readAt(parseJson(text), path);
  return typeof value === 'string' ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
