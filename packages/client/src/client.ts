import openapiFetch, { type Middleware } from 'openapi-fetch';
import type { Credentials } from './auth.js';
import { KlaviApiError, KlaviConfigError, KlaviIdempotencyConflictError } from './errors.js';
import type { components } from './generated/schema.js';
import { ENVIRONMENTS } from './generated/spec-metadata.js';
import type { KlaviLogger } from './logger.js';
import { findOperation } from './operations.js';
import { paginate, type CursorPage, type Paginator } from './pagination.js';
import { awaitStatus, type AwaitStatusOptions } from './polling.js';
import { resolveRetryOptions, type RetryOptions } from './retry.js';
import { ENUM_VALUES, TERMINAL_VALUES } from './status.js';
import { Transport, type FetchFunction } from './transport.js';
import type { InitParam, KlaviMethod, Page, PageItem, PaginatedPath, Paths } from './types.js';
import type { MaybeOptionalInit } from 'openapi-fetch';

export type EnvironmentName = keyof typeof ENVIRONMENTS;

// openapi-fetch's CommonJS build exports `{ default: createClient }`; in our CJS build, esbuild's
// Node interop hands over that whole exports object as the default import.
const createClient: typeof openapiFetch =
  typeof openapiFetch === 'function' ? openapiFetch : (openapiFetch as unknown as { default: typeof openapiFetch }).default;

type Schemas = components['schemas'];
export type InstantPaymentStatusResult = Schemas['InstantPaymentStatusResponse'];
export type AutomaticConsentStatusResult = Schemas['AutomaticConsentStatusResponse'];
export type AutomaticPaymentStatusResult = Schemas['AutomaticPaymentStatusResponse'];

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
  /** Polls an instant payment's status until `until` (default: any terminal status). */
  awaitPaymentStatus(id: string, options?: AwaitStatusOptions<Schemas['InstantPaymentStatus'], InstantPaymentStatusResult>): Promise<InstantPaymentStatusResult>;
  /** Polls an Automatic Pix consent's status until `until` (default: any terminal status). */
  awaitConsentStatus(id: string, options?: AwaitStatusOptions<Schemas['AutomaticConsentStatus'], AutomaticConsentStatusResult>): Promise<AutomaticConsentStatusResult>;
  /** Polls a recurring payment's status until `until` (default: any terminal status). */
  awaitAutomaticPaymentStatus(
    consentId: string,
    paymentId: string,
    options?: AwaitStatusOptions<Schemas['AutomaticPaymentStatus'], AutomaticPaymentStatusResult>,
  ): Promise<AutomaticPaymentStatusResult>;
  /** Iterates a cursor-paginated Management list across pages: `for await (const order of client.paginate(...))`. */
  paginate<P extends PaginatedPath, Init extends MaybeOptionalInit<Paths[P], 'get'>>(url: P, ...init: InitParam<Init>): Paginator<PageItem<P>, Page<P>>;
}

type ThrowsFor<O> = O extends { throwOnError: true } ? true : false;

/** A typed client for the Klavi Pay API, with auth, retries, timeouts, polling and pagination. */
export function createKlaviClient<const O extends KlaviClientOptions>(options: O): KlaviClient<ThrowsFor<O>> {
  const baseUrl = resolveBaseUrl(options);
  checkCredentials('credentials', options.credentials);
  if (options.managementCredentials !== undefined) checkCredentials('managementCredentials', options.managementCredentials);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new KlaviConfigError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  const fetchImpl: FetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
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

  async function call(method: 'GET' | 'POST', path: string, init: Record<string, unknown> = {}): Promise<{ data?: unknown; error?: unknown; response: Response }> {
    const operation = findOperation(method, path);
    const { throwOnError = throwsByDefault, fetch: callFetch, ...rest } = init as { throwOnError?: boolean; fetch?: FetchFunction; signal?: AbortSignal };
    const callId = crypto.randomUUID();
    const started = performance.now();
    const send = (request: Request) => transport.send(request, operation, callFetch ?? fetchImpl, callId, rest.signal ?? undefined);
    let result: { data?: unknown; error?: unknown; response: Response };
    try {
      result = await (inner.request as (m: string, p: string, i: object) => Promise<typeof result>)(method, path, { ...rest, fetch: send });
    } catch (error) {
      // Auth failures are API errors too; network errors and aborts have no response and are thrown.
      if (error instanceof KlaviApiError && !throwOnError) return { error, response: error.response };
      throw error;
    }
    const { response } = result;
    const record = transport.records.get(response);
    const requestId = response.headers.get('x-request-id') ?? callId;
    const operationId = operation?.operationId ?? `${method} ${path}`;
    logger?.({ type: 'response', operationId, method, status: response.status, attempts: record?.attempts ?? 1, ms: Math.round(performance.now() - started), requestId });
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
    const error = conflict ? new KlaviIdempotencyConflictError(errorInit, conflict.clientRequestId, conflict.earlierFailure) : new KlaviApiError(errorInit);
    if (throwOnError) throw error;
    return { error, response };
  }

  async function readStatus(path: string, params: Record<string, string>, signal: AbortSignal | undefined) {
    const { data } = await call('GET', path, { params: { path: params }, throwOnError: true, ...(signal ? { signal } : {}) });
    return data;
  }

  const client: KlaviClient<boolean> = {
    GET: ((path: string, init?: Record<string, unknown>) => call('GET', path, init)) as KlaviClient<boolean>['GET'],
    POST: ((path: string, init?: Record<string, unknown>) => call('POST', path, init)) as KlaviClient<boolean>['POST'],
    baseUrl,
    use: (...middleware) => inner.use(...middleware),
    eject: (...middleware) => inner.eject(...middleware),
    awaitPaymentStatus: (id, awaitOptions) =>
      awaitStatus(
        (signal) => readStatus('/payment/customer/v1/instant/payments/{id}/status', { id }, signal) as Promise<InstantPaymentStatusResult>,
        { subject: `instant payment ${id}`, values: ENUM_VALUES.InstantPaymentStatus, terminal: TERMINAL_VALUES.InstantPaymentStatus },
        awaitOptions,
      ),
    awaitConsentStatus: (id, awaitOptions) =>
      awaitStatus(
        (signal) => readStatus('/payment/customer/v1/automatic/consents/{id}/status', { id }, signal) as Promise<AutomaticConsentStatusResult>,
        { subject: `automatic consent ${id}`, values: ENUM_VALUES.AutomaticConsentStatus, terminal: TERMINAL_VALUES.AutomaticConsentStatus },
        awaitOptions,
      ),
    awaitAutomaticPaymentStatus: (consentId, paymentId, awaitOptions) =>
      awaitStatus(
        (signal) =>
          readStatus('/payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/status', { consentId, paymentId }, signal) as Promise<AutomaticPaymentStatusResult>,
        { subject: `automatic payment ${paymentId} of consent ${consentId}`, values: ENUM_VALUES.AutomaticPaymentStatus, terminal: TERMINAL_VALUES.AutomaticPaymentStatus },
        awaitOptions,
      ),
    paginate: ((path: string, init: { params?: { query?: Record<string, unknown> } } & Record<string, unknown> = {}) => {
      const query = init.params?.query ?? {};
      const first = typeof query['cursor'] === 'string' ? query['cursor'] : undefined;
      return paginate<unknown, CursorPage<unknown>>(async (cursor) => {
        const { cursor: _ignored, ...rest } = query;
        const pageInit = { ...init, throwOnError: true, params: { ...init.params, query: cursor === undefined ? rest : { ...rest, cursor } } };
        const { data } = await call('GET', path, pageInit);
        return data as CursorPage<unknown>;
      }, first);
    }) as KlaviClient<boolean>['paginate'],
  };
  return client as KlaviClient<ThrowsFor<O>>;
}

function resolveBaseUrl(options: KlaviClientOptions): string {
  const { environment, baseUrl } = options;
  if (environment !== undefined && !Object.hasOwn(ENVIRONMENTS, environment)) {
    throw new KlaviConfigError(`environment: ${JSON.stringify(environment)} is not one of ${Object.keys(ENVIRONMENTS).join(', ')}`);
  }
  if (baseUrl === undefined) {
    if (environment === undefined) throw new KlaviConfigError(`pass environment (${Object.keys(ENVIRONMENTS).join(', ')}) or baseUrl`);
    return ENVIRONMENTS[environment];
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new KlaviConfigError(`baseUrl: ${JSON.stringify(baseUrl)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new KlaviConfigError(`baseUrl: ${JSON.stringify(baseUrl)} must be http or https`);
  return baseUrl.replace(/\/+$/, '');
}

function checkCredentials(field: string, value: unknown): void {
  const pair = value as Partial<Credentials> | undefined;
  for (const key of ['accessKey', 'secretKey'] as const) {
    // The value itself is never echoed: it may be a secret.
    if (typeof pair?.[key] !== 'string' || pair[key].length === 0) throw new KlaviConfigError(`${field}.${key} must be a non-empty string`);
  }
}
