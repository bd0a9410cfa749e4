// Calling the API under test: by operationId through @klavi-pay/client, with any input (valid or
// not, for the data checks), and the raw pieces the method and auth checks send themselves.
import type { Credentials, KlaviClient } from '@klavi-pay/client';
import type { Json, SpecOperation } from '@klavi-pay/openapi-runtime';
import type { Recorder } from './exchange.js';
import { SkipCase } from './skip.js';

export interface Input {
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: Json;
}

export interface Answer {
  status: number;
  /** The success body, as the server sent it: checked against the spec by the response checks, not typed here. */
  data: unknown;
  /** The error body the server sent, when the status was not a success. */
  error: unknown;
}

/** What `call` needs: the spec's operations and the client. */
export interface CallTarget {
  spec: { byId: ReadonlyMap<string, SpecOperation> };
  client: KlaviClient;
}

/** Calls an operation through @klavi-pay/client, by operationId, with whatever input. */
export async function call(target: CallTarget, operationId: string, input: Input): Promise<Answer> {
  const operation = target.spec.byId.get(operationId);
  if (!operation) throw new Error(`unknown operation ${operationId}`);
  const method = operation.method as 'GET' | 'POST';
  const init: Record<string, unknown> = { params: { path: input.path ?? {}, query: input.query ?? {} } };
  if (input.body !== undefined) init.body = input.body;
  const invoke = target.client[method] as unknown as (
    path: string,
    init: unknown,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const result = await invoke(operation.path, init);
  return { status: result.response.status, data: result.data, error: serverErrorBody(result.error) };
}

/** The client wraps an error body in a KlaviApiError; checks look at the body the server sent. */
export function serverErrorBody(error: unknown): unknown {
  return error && typeof error === 'object' && 'body' in error ? (error as { body: unknown }).body : error;
}

/** The URL of an operation with its path parameters filled in. */
export function urlOf(
  target: { baseUrl: string },
  template: string,
  path: Record<string, string> = {},
  query: Record<string, string | number> = {},
): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? 'x'));
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `${target.baseUrl}${filled}${search ? `?${search}` : ''}`;
}

/** What `tokenFor` needs: where to ask, with which key pairs, through which recorder. */
export interface TokenTarget {
  baseUrl: string;
  credentials: Credentials;
  managementCredentials: Credentials | undefined;
  recorder: Recorder;
}

const tokens = new WeakMap<TokenTarget, Map<string, Promise<string>>>();

/** A bearer token of the given scheme, fetched through the recorder so the token call is checked too. */
export function tokenFor(target: TokenTarget, scheme: 'CustomerBearer' | 'ManagementBearer'): Promise<string> {
  let cache = tokens.get(target);
  if (!cache) {
    cache = new Map();
    tokens.set(target, cache);
  }
  let token = cache.get(scheme);
  if (!token) {
    const pair = scheme === 'CustomerBearer' ? target.credentials : target.managementCredentials;
    if (!pair)
      throw new SkipCase('no Management credentials were given (--management-access-key, --management-secret-key)');
    const path = scheme === 'CustomerBearer' ? '/payment/customer/v1/auth' : '/payment/management/v1/auth';
    token = target.recorder
      .fetch(`${target.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pair),
      })
      .then(
        async (response) =>
          accessTokenOf(scheme, response.status, response.headers.get('location'), await response.text()),
        (error: unknown) => {
          throw new Error(
            `the ${scheme} token request got no answer: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      );
    cache.set(scheme, token);
  }
  return token;
}

const quote = (text: string) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * The accessToken of a token answer, or an error that says what came back instead: every other
 * request of the run carries this token, so an answer without one must stop the run, not be
 * carried on as `Bearer undefined`.
 */
export function accessTokenOf(scheme: string, status: number, location: string | null, text: string): string {
  if (status >= 300 && status < 400) {
    throw new Error(
      `the ${scheme} token request answered ${status}, a redirect to ${location ?? '(no Location)'}: klavi-contract does not follow redirects; give --base-url the server's own address`,
    );
  }
  if (status !== 200) throw new Error(`the ${scheme} token request answered ${status}: ${quote(text)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`the ${scheme} token answer is not JSON: ${quote(text)}`);
  }
  const token = (body as { accessToken?: unknown } | null)?.accessToken;
  if (typeof token !== 'string' || token.trim() === '') {
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body)
        ? Object.keys(body).join(', ') || 'none'
        : `not an object (${typeof body})`;
    throw new Error(`the ${scheme} token answer has no accessToken string (its fields: ${fields})`);
  }
  return token;
}
