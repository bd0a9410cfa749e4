// Everything a case needs: the spec, the client under test, the recorder behind it, the server's
// extras, the data policy and the shared fixtures.
import type { Credentials, KlaviClient } from '@klavi-pay/client';
import type { Json } from '@klavi-pay/openapi-runtime';
import type { Recorder } from './exchange.js';
import type { Fixtures } from './fixtures.js';
import type { DataPolicy } from './generate/policy.js';
import type { Rng } from './generate/rng.js';
import type { ServerControl } from './server-control.js';
import type { Spec } from './spec.js';

export interface RunContext {
  spec: Spec;
  client: KlaviClient;
  baseUrl: string;
  credentials: Credentials;
  managementCredentials: Credentials | undefined;
  recorder: Recorder;
  control: ServerControl;
  policy: DataPolicy;
  rng: Rng;
  fixtures: Fixtures;
  /** How status waits poll: fast against a clock we can move, patient against a real server. */
  wait: { intervalMs: number; timeoutMs: number };
}

/** Thrown by a case that cannot run against this server; the case is reported as skipped. */
export class SkipCase extends Error {}

export interface Input {
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: Json;
}

export interface Answer {
  status: number;
  data: any;
  /** The error body the server sent, when the status was not a success. */
  error: any;
}

/** Calls an operation through @klavi-pay/client, by operationId, with whatever input (valid or not). */
export async function call(ctx: RunContext, operationId: string, input: Input): Promise<Answer> {
  const operation = ctx.spec.byId.get(operationId);
  if (!operation) throw new Error(`unknown operation ${operationId}`);
  const method = operation.method as 'GET' | 'POST';
  const init: Record<string, unknown> = { params: { path: input.path ?? {}, query: input.query ?? {} } };
  if (input.body !== undefined) init.body = input.body;
  const invoke = ctx.client[method] as unknown as (path: string, init: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const result = await invoke(operation.path, init);
  // The client wraps an error body in a KlaviApiError; checks look at the body the server sent.
  const error = result.error as { body?: unknown } | undefined;
  return { status: result.response.status, data: result.data, error: error && typeof error === 'object' && 'body' in error ? error.body : error };
}

/** The URL of an operation with its path parameters filled in. */
export function urlOf(ctx: RunContext, template: string, path: Record<string, string> = {}, query: Record<string, string | number> = {}): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? 'x'));
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `${ctx.baseUrl}${filled}${search ? `?${search}` : ''}`;
}

const tokens = new WeakMap<RunContext, Map<string, Promise<string>>>();

/** A bearer token of the given scheme, fetched through the recorder so the token call is checked too. */
export function tokenFor(ctx: RunContext, scheme: 'CustomerBearer' | 'ManagementBearer'): Promise<string> {
  let cache = tokens.get(ctx);
  if (!cache) tokens.set(ctx, (cache = new Map()));
  let token = cache.get(scheme);
  if (!token) {
    const pair = scheme === 'CustomerBearer' ? ctx.credentials : ctx.managementCredentials;
    if (!pair) throw new SkipCase('no Management credentials were given (--management-access-key, --management-secret-key)');
    const path = scheme === 'CustomerBearer' ? '/payment/customer/v1/auth' : '/payment/management/v1/auth';
    token = ctx.recorder
      .fetch(`${ctx.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pair) })
      .then(async (response) => {
        if (!response.ok) throw new Error(`the ${scheme} token request answered ${response.status}`);
        return ((await response.json()) as { accessToken: string }).accessToken;
      });
    cache.set(scheme, token);
  }
  return token;
}
