// The fetch function the generated client runs on. It owns what openapi-fetch middleware cannot
// do, because a middleware cannot send a request through the chain again: per-attempt timeouts,
// bearer tokens with a refresh-and-replay on 401, and retries with backoff. User middleware added
// with `client.use()` runs outside it and sees one logical request and its final response.
import { TokenCache, type Credentials, type AccessToken } from './auth.js';
import { KlaviAuthError, KlaviConfigError, KlaviNetworkError, KlaviTimeoutError, type KlaviErrorBody } from './errors.js';
import { OPERATIONS, SECURITY_SCHEMES } from './generated/spec-metadata.js';
import type { KlaviLogger } from './logger.js';
import { readAt, type OperationMeta, type RetryClass, type SecuritySchemeName } from './operations.js';
import { decideRetry, describeOutcome, isAmbiguous, sleep, type AttemptOutcome, type ResolvedRetryOptions } from './retry.js';

export type FetchFunction = (request: Request) => Promise<Response>;

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class Transport {
  readonly records = new WeakMap<Response, CallRecord>();
  readonly #options: TransportOptions;
  readonly #tokens = new Map<SecuritySchemeName, TokenCache>();

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /**
   * Sends `request` for `operation` with auth, timeouts and retries; returns the final response.
   * `userSignal` is the caller's own signal, if it passed one (the request's signal always exists).
   */
  async send(request: Request, operation: OperationMeta | undefined, fetchImpl: FetchFunction, callId: string, userSignal?: AbortSignal): Promise<Response> {
    const operationId = operation?.operationId ?? `${request.method} ${new URL(request.url).pathname}`;
    const retryClass: RetryClass = operation?.retry ?? (SAFE_METHODS.has(request.method) ? 'safe' : 'unsafe');
    const tokens = operation?.security ? this.#tokenCache(operation.security, operationId) : undefined;
    // Buffered once so that every attempt can send it again.
    const body = request.body ? await request.arrayBuffer() : undefined;
    let earlierFailure: string | undefined;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(request, body, tokens, operationId, fetchImpl, userSignal);
      const decision = decideRetry(retryClass, outcome, attempt, this.#options.retry);
      if (decision.retry) {
        if (isAmbiguous(outcome)) earlierFailure ??= describeOutcome(outcome);
        if (outcome.kind === 'response') await outcome.response.body?.cancel();
        this.#options.logger?.({ type: 'retry', operationId, attempt, delayMs: decision.delayMs, reason: decision.reason, requestId: callId });
        await sleep(decision.delayMs, userSignal);
        continue;
      }
      if (outcome.kind === 'timeout') throw new KlaviTimeoutError(operationId, attempt, this.#options.timeoutMs);
      if (outcome.kind === 'network') throw new KlaviNetworkError(operationId, attempt, { cause: outcome.error });
      const record: CallRecord = { attempts: attempt };
      if (outcome.response.status === 409 && retryClass === 'keyed' && earlierFailure && operation?.idempotencyKey) {
        record.conflictAfterRetry = { clientRequestId: idempotencyKeyOf(body, operation.idempotencyKey), earlierFailure };
      }
      this.records.set(outcome.response, record);
      return outcome.response;
    }
  }

  /** One attempt, with a token; a 401 forgets the token and replays once with a fresh one. */
  async #attempt(
    request: Request,
    body: ArrayBuffer | undefined,
    tokens: TokenCache | undefined,
    operationId: string,
    fetchImpl: FetchFunction,
    userSignal: AbortSignal | undefined,
  ): Promise<AttemptOutcome> {
    const token = await tokens?.get(userSignal);
    const outcome = await this.#sendOnce(request, body, token, fetchImpl, userSignal);
    if (!tokens || !token || outcome.kind !== 'response' || outcome.response.status !== 401) return outcome;
    await outcome.response.body?.cancel();
    tokens.reject(token, operationId);
    return this.#sendOnce(request, body, await tokens.get(userSignal), fetchImpl, userSignal);
  }

  async #sendOnce(request: Request, body: ArrayBuffer | undefined, token: string | undefined, fetchImpl: FetchFunction, userSignal: AbortSignal | undefined): Promise<AttemptOutcome> {
    // A plain controller and timer: AbortSignal.timeout plus AbortSignal.any cost ~25 µs per call.
    // The timer also bounds reading the body, so it is not cleared on the headers; unref'd, it
    // keeps no process alive.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no response within ${this.#options.timeoutMs} ms`, 'TimeoutError')), this.#options.timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    const headers = new Headers(request.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const attempt = new Request(request.url, {
      method: request.method,
      headers,
      body: body ?? null,
      redirect: request.redirect,
      signal: userSignal ? AbortSignal.any([userSignal, timeout.signal]) : timeout.signal,
    });
    try {
      return { kind: 'response', response: await fetchImpl(attempt) };
    } catch (error) {
      clearTimeout(timer);
      if (userSignal?.aborted) throw userSignal.reason;
      if (timeout.signal.aborted) return { kind: 'timeout' };
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
    const request = new Request(this.#options.baseUrl + meta.path, {
      method: meta.method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ accessKey: credentials.accessKey, secretKey: credentials.secretKey }),
    });
    const response = await this.send(request, { ...meta, operationId }, this.#options.fetch, callId);
    const text = await response.text();
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
      const reason = typeof init.body?.message === 'string' ? init.body.message : text.slice(0, 200) || response.statusText;
      throw new KlaviAuthError(init, `Could not get a ${scheme} access token: ${operationId} answered ${response.status}: ${reason} [request ${init.requestId}]`);
    }
    if (!isObject(parsed) || typeof parsed['accessToken'] !== 'string' || typeof parsed['expireIn'] !== 'number' || !(parsed['expireIn'] > 0)) {
      throw new KlaviAuthError(init, `Could not get a ${scheme} access token: ${operationId} answered ${response.status} without accessToken and a positive expireIn [request ${init.requestId}]`);
    }
    return { accessToken: parsed['accessToken'], expireIn: parsed['expireIn'] };
  }
}

function idempotencyKeyOf(body: ArrayBuffer | undefined, path: readonly string[]): string | undefined {
  if (!body) return undefined;
  const value = readAt(parseJson(new TextDecoder().decode(body)), path);
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
