import openapiFetch, { defaultBodySerializer as openapiBodySerializer, type Middleware } from 'openapi-fetch';
import type { Credentials } from './auth.js';
import { KlaviApiError, KlaviConfigError, KlaviIdempotencyConflictError } from './errors.js';
import { ENVIRONMENTS } from './generated/spec-metadata.js';
import type { KlaviLogger } from './logger.js';
import { findOperation } from './operations.js';
import { resolveRetryOptions, type RetryOptions } from './retry.js';
import { AttemptTimeout } from './attempt-timeout.js';
import { Call, isReplayable, Transport, type FetchFunction } from './transport.js';
import type { KlaviMethod, Paths } from './types.js';

export type EnvironmentName = keyof typeof ENVIRONMENTS;

// openapi-fetch's CommonJS build exports `{ default: createClient }`; in our CJS build, esbuild's
// Node interop hands over that whole exports object as the default import.
// Pure: a program that imports only verifyKlaviEvent leaves openapi-fetch out of its bundle.
const createClient: typeof openapiFetch = /* @__PURE__ */ (() =>
  typeof openapiFetch === 'function'
    ? openapiFetch
    : (openapiFetch as unknown as { default: typeof openapiFetch }).default)();

/** What openapi-fetch calls to serialise a body; it passes the merged headers too. */
type BodySerializer = (body: unknown, headers?: unknown) => unknown;
const defaultBodySerializer = openapiBodySerializer as unknown as BodySerializer;

interface CommonOptions {
  /** The Customer API pair (payments and consents). */
  credentials: Credentials;
  /** The Management API pair, which differs from the Customer one. Needed only for Management calls. */
  managementCredentials?: Credentials;
  /** The fetch to send requests with. Default: globalThis.fetch. */
  fetch?: FetchFunction;
  /** Timeout of each attempt, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retry policy, or `false` to send every request once. */
  retry?: RetryOptions | false;
  /** Throw KlaviApiError instead of returning `{ error }`. Each call can override it. */
  throwOnError?: boolean;
  /** Receives what the client does (tokens, retries, responses). Never receives secrets. */
  logger?: KlaviLogger;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export type KlaviClientOptions = CommonOptions &
  (
    | { environment: EnvironmentName; baseUrl?: string }
    /** `baseUrl` points the client elsewhere, e.g. at the local sandbox simulator. */
    | { environment?: EnvironmentName; baseUrl: string }
  );

export interface KlaviClient<ThrowsByDefault extends boolean = false> {
  GET: KlaviMethod<'get', ThrowsByDefault>;
  POST: KlaviMethod<'post', ThrowsByDefault>;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Adds openapi-fetch middleware. It runs outside auth and retries and sees one request per call. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

type ThrowsFor<O> = O extends { throwOnError: true } ? true : false;

/**
 * A typed client for the Klavi Pay API, with auth, retries and timeouts. Polling and pagination are
 * functions of a client (awaitPaymentStatus, paginate, …), so that programs without them do not ship them.
 */
export function createKlaviClient<const O extends KlaviClientOptions>(options: O): KlaviClient<ThrowsFor<O>> {
  const baseUrl = resolveBaseUrl(options);
  checkCredentials('credentials', options.credentials);
  if (options.managementCredentials !== undefined)
    checkCredentials('managementCredentials', options.managementCredentials);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new KlaviConfigError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  const fetchImpl: FetchFunction = options.fetch ?? ((request, init) => globalThis.fetch(request, init));
  const throwsByDefault = options.throwOnError === true;
  const logger = options.logger;

  const transport = new Transport({
    baseUrl,
    fetch: fetchImpl,
    timeoutMs,
    retry: resolveRetryOptions(options.retry),
    credentials: {
      CustomerBearer: options.credentials,
      ...(options.managementCredentials ? { ManagementBearer: options.managementCredentials } : {}),
    },
    logger,
  });
  const inner = createClient<Paths>({ baseUrl, ...(options.headers ? { headers: options.headers } : {}) });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    init: Record<string, unknown> = {},
  ): Promise<{ data?: unknown; error?: unknown; response: Response }> {
    const operation = findOperation(method, path);
    const {
      throwOnError = throwsByDefault,
      fetch: callFetch,
      signal: userSignal,
      bodySerializer: userSerializer,
      ...rest
    } = init as {
      throwOnError?: boolean;
      fetch?: FetchFunction;
      signal?: AbortSignal | null;
      bodySerializer?: BodySerializer;
    };
    const callId = crypto.randomUUID();
    const started = logger ? performance.now() : 0;
    const first = new AttemptTimeout(timeoutMs);
    // The body as serialised, kept to send again on a retry without reading the Request back.
    let body: unknown;
    const bodySerializer: BodySerializer = (value, headers) =>
      (body = (userSerializer ?? defaultBodySerializer)(value, headers));
    let sent: Call | undefined;
    // The transport hands back an answer whose body it has read within the attempt's deadline.
    const send = async (request: Request) => {
      if (!isReplayable(body)) body = await request.clone().arrayBuffer();
      sent = new Call(first, body as BodyInit | undefined, userSignal ?? undefined);
      return transport.send(request, operation, callFetch ?? fetchImpl, callId, sent);
    };
    let result: { data?: unknown; error?: unknown; response: Response };
    try {
      result = await (inner.request as (m: string, p: string, i: object) => Promise<typeof result>)(method, path, {
        ...rest,
        bodySerializer,
        fetch: send,
      });
    } catch (error) {
      // Auth failures are API errors too; network errors, timeouts and aborts have no response and are thrown.
      if (error instanceof KlaviApiError && !throwOnError) return { error, response: error.response };
      throw error;
    } finally {
      // A call that ended before its first attempt (a middleware threw) leaves its deadline unstarted.
      (sent?.current ?? first).clear();
    }
    const { response } = result;
    const record = transport.records.get(response);
    const requestId = response.headers.get('x-request-id') ?? callId;
    const operationId = operation?.operationId ?? `${method} ${path}`;
    logger?.({
      type: 'response',
      operationId,
      method,
      status: response.status,
      attempts: record?.attempts ?? 1,
      ms: Math.round(performance.now() - started),
      requestId,
    });
    if (response.ok) return { data: result.data, response };

    const raw = result.error;
    const isBody = typeof raw === 'object' && raw !== null;
    const errorInit = {
      operationId,
      method,
      path,
      response,
      body: isBody ? raw : undefined,
      text: typeof raw === 'string' ? raw : isBody ? JSON.stringify(raw) : '',
      requestId,
      attempts: record?.attempts ?? 1,
    };
    const conflict = record?.conflictAfterRetry;
    const error = conflict
      ? new KlaviIdempotencyConflictError(errorInit, conflict.clientRequestId, conflict.earlierFailure)
      : new KlaviApiError(errorInit);
    if (throwOnError) throw error;
    return { error, response };
  }

  const client: KlaviClient<boolean> = {
    GET: ((path: string, init?: Record<string, unknown>) => call('GET', path, init)) as KlaviClient<boolean>['GET'],
    POST: ((path: string, init?: Record<string, unknown>) => call('POST', path, init)) as KlaviClient<boolean>['POST'],
    baseUrl,
    use: (...middleware) => inner.use(...middleware),
    eject: (...middleware) => inner.eject(...middleware),
  };
  return client as KlaviClient<ThrowsFor<O>>;
}

function resolveBaseUrl(options: KlaviClientOptions): string {
  const { environment, baseUrl } = options;
  if (environment !== undefined && !Object.hasOwn(ENVIRONMENTS, environment)) {
    throw new KlaviConfigError(
      `environment: ${JSON.stringify(environment)} is not one of ${Object.keys(ENVIRONMENTS).join(', ')}`,
    );
  }
  if (baseUrl === undefined) {
    if (environment === undefined)
      throw new KlaviConfigError(`pass environment (${Object.keys(ENVIRONMENTS).join(', ')}) or baseUrl`);
    return ENVIRONMENTS[environment];
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new KlaviConfigError(`baseUrl: ${JSON.stringify(baseUrl)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new KlaviConfigError(`baseUrl: ${JSON.stringify(baseUrl)} must be http or https`);
  return baseUrl.replace(/\/+$/, '');
}

function checkCredentials(field: string, value: unknown): void {
  const pair = value as Partial<Credentials> | undefined;
  for (const key of ['accessKey', 'secretKey'] as const) {
    // The value itself is never echoed: it may be a secret.
    if (typeof pair?.[key] !== 'string' || pair[key].length === 0)
      throw new KlaviConfigError(`${field}.${key} must be a non-empty string`);
  }
}
