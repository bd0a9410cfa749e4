import type { components } from './generated/schema.js';

/** The error body every Klavi error response shares (`{statusCode, error, message}`). */
export type KlaviErrorBody = components['schemas']['Error'];

export interface KlaviApiErrorInit<Body> {
  operationId: string;
  method: string;
  path: string;
  response: Response;
  body: Body | undefined;
  text: string;
  requestId: string;
  attempts: number;
}

/**
 * A non-2xx answer from the API. `body` is the error body as the spec types it for the operation,
 * or `undefined` when the response was not JSON (a proxy's HTML page, say); `text` is the raw body.
 */
export class KlaviApiError<Body = KlaviErrorBody> extends Error {
  override readonly name: string = 'KlaviApiError';
  readonly status: number;
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/payment/customer/v1/instant/payments/{id}`. */
  readonly path: string;
  readonly body: Body | undefined;
  readonly text: string;
  /** The server's `x-request-id`, or the client's own id for the call when the server sent none. */
  readonly requestId: string;
  /** How many times the request was sent. */
  readonly attempts: number;
  declare readonly response: Response;

  constructor(init: KlaviApiErrorInit<Body>, message?: string) {
    super(message ?? describe(init));
    this.status = init.response.status;
    this.operationId = init.operationId;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
    this.text = init.text;
    this.requestId = init.requestId;
    this.attempts = init.attempts;
    // Not enumerable, so that logging the error does not dump the whole Response.
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false });
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      operationId: this.operationId,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      attempts: this.attempts,
      body: this.body,
    };
  }
}

function describe(init: KlaviApiErrorInit<unknown>): string {
  const body = init.body as Partial<KlaviErrorBody> | undefined;
  const detail =
    body && typeof body === 'object' && typeof body.message === 'string'
      ? `: ${body.message}`
      : init.text
        ? `: ${init.text.slice(0, 200)}`
        : '';
  return `${init.operationId} (${init.method} ${init.path}) failed with ${init.response.status}${detail} [request ${init.requestId}]`;
}

/**
 * A create was sent more than once with the same clientRequestId (an earlier attempt failed
 * without a definite answer), and the replay was answered 409. The earlier attempt most likely
 * created the resource: fetch it instead of creating it again.
 */
export class KlaviIdempotencyConflictError<Body = KlaviErrorBody> extends KlaviApiError<Body> {
  override readonly name: string = 'KlaviIdempotencyConflictError';
  readonly clientRequestId: string | undefined;
  /** Why the earlier attempt got no definite answer (e.g. `timeout`, `network error`, `504`). */
  readonly earlierFailure: string;

  constructor(init: KlaviApiErrorInit<Body>, clientRequestId: string | undefined, earlierFailure: string) {
    super(
      init,
      `${init.operationId}: clientRequestId ${JSON.stringify(clientRequestId)} was already used. An earlier attempt of this ` +
        `request got no definite answer (${earlierFailure}) and most likely created the resource; the retry was ` +
        `answered 409. Fetch the existing resource instead of creating it again [request ${init.requestId}]`,
    );
    this.clientRequestId = clientRequestId;
    this.earlierFailure = earlierFailure;
  }
}

/** The token endpoint refused the credentials or failed; no API call was made. */
export class KlaviAuthError extends KlaviApiError<KlaviErrorBody> {
  override readonly name: string = 'KlaviAuthError';
}

/** The request never got an HTTP answer: the connection failed on every attempt. */
export class KlaviNetworkError extends Error {
  override readonly name: string = 'KlaviNetworkError';
  constructor(
    readonly operationId: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`${operationId}: no response after ${attempts} attempt(s): ${messageOf(options.cause)}`, options);
  }
}

/** Every attempt of the request ran out of its `timeoutMs`. */
export class KlaviTimeoutError extends Error {
  override readonly name: string = 'KlaviTimeoutError';
  constructor(
    readonly operationId: string,
    readonly attempts: number,
    readonly timeoutMs: number,
  ) {
    super(`${operationId}: no response within ${timeoutMs} ms, ${attempts} attempt(s)`);
  }
}

/** The client was configured or called in a way it cannot work with. */
export class KlaviConfigError extends Error {
  override readonly name: string = 'KlaviConfigError';
}

/** A status wait ended without reaching a wanted status. */
export class KlaviWaitError<Last = unknown> extends Error {
  override readonly name: string = 'KlaviWaitError';
  constructor(
    readonly reason: 'timeout' | 'terminal',
    /** The last status response seen, if any. */
    readonly last: Last | undefined,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
