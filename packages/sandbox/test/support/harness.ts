// Starts a sandbox on a free port with a frozen clock and a seed, and an openapi-fetch client
// pointed at it, typed by the spec. Every test that uses it fails if the sandbox sent a response
// the spec does not allow. It is not the toolkit's own client package, which may then test itself
// against the sandbox without a cycle between the two packages.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { paths } from '@klavi-pay/spec/types';
import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';
import { expect } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type Sandbox, type StartSandboxOptions } from '../../src/index.js';
import type { SandboxState } from '../../src/domain/state.js';

export const START = Date.parse('2026-11-21T12:00:00.000Z');
export const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;
export const MANAGEMENT = DEMO_CREDENTIALS.ManagementBearer[0]!;
export const APP_ID = CUSTOMER.appId!;

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));

/** An example body of the bundled spec, as a fixture. */
export function example(name: string): any {
  const found = spec.components.examples[name];
  if (!found) throw new Error(`no example ${name}`);
  return structuredClone(found.value);
}

export const bundle = spec;

export async function boot(options: StartSandboxOptions = {}) {
  const sandbox = await startSandbox({ port: 0, quiet: true, clock: START, seed: 7, ...options });
  const api = createClient<paths>({ baseUrl: sandbox.url });
  api.use(bearerTokens(sandbox.url));
  const client = throwingClient(api);
  const raw = (path: string, init?: RequestInit) => fetch(sandbox.url + path, init);
  async function token(scheme: 'customer' | 'management' = 'customer'): Promise<string> {
    const pair = scheme === 'customer' ? CUSTOMER : MANAGEMENT;
    const response = await raw(`/payment/${scheme}/v1/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKey: pair.accessKey, secretKey: pair.secretKey }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
  async function stop() {
    await sandbox.close();
    expect(sandbox.violations, 'responses that do not match the spec').toEqual([]);
    expect(illegalMoves(sandbox), "status changes the spec's x-transitions do not allow").toEqual([]);
  }
  return { sandbox, client, raw, token, stop };
}

export type Booted = Awaited<ReturnType<typeof boot>>;

type Scheme = 'CustomerBearer' | 'ManagementBearer';
type Requirement = Record<string, readonly string[]>;

/** The bearer scheme of an operation: its own `security`, else the document's; none for `[]`. */
function schemeOf(schemaPath: string, method: string): Scheme | undefined {
  const operation: { security?: Requirement[] } | undefined = spec.paths[schemaPath]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${schemaPath} is not an operation of the spec`);
  const security: Requirement[] = operation.security ?? spec.security ?? [];
  const [scheme] = security.flatMap((requirement) => Object.keys(requirement));
  if (scheme === undefined || scheme === 'CustomerBearer' || scheme === 'ManagementBearer') return scheme;
  throw new Error(`${method} ${schemaPath} needs the security scheme ${scheme}, which the harness does not know`);
}

/**
 * openapi-fetch middleware that sends each operation with a bearer token of the scheme the spec
 * asks for, fetched from the scheme's token endpoint with the demo pair and cached until shortly
 * before it expires (on the wall clock). A 401 forgets the token and replays the request once with
 * a new one: the sandbox's clock may have run past the token's expiry while the cache thinks it fresh.
 */
function bearerTokens(baseUrl: string): Middleware {
  const auth = createClient<paths>({ baseUrl });
  const cached = new Map<Scheme, { token: string; refreshAt: number }>();
  const pending = new Map<Scheme, Promise<string>>();

  async function issue(scheme: Scheme): Promise<string> {
    const issuedAt = Date.now();
    const { data, error, response } =
      scheme === 'CustomerBearer'
        ? await auth.POST('/payment/customer/v1/auth', {
            body: { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
          })
        : await auth.POST('/payment/management/v1/auth', {
            body: { accessKey: MANAGEMENT.accessKey, secretKey: MANAGEMENT.secretKey },
          });
    if (!data) throw new Error(`no ${scheme} token: ${response.status} ${JSON.stringify(error)}`);
    // Renewed a tenth of its lifetime early.
    cached.set(scheme, { token: data.accessToken, refreshAt: issuedAt + data.expireIn * 1000 * 0.9 });
    return data.accessToken;
  }

  function tokenFor(scheme: Scheme): Promise<string> {
    const current = cached.get(scheme);
    if (current && Date.now() < current.refreshAt) return Promise.resolve(current.token);
    let request = pending.get(scheme);
    if (!request) {
      // Concurrent calls share one token request.
      request = issue(scheme).finally(() => pending.delete(scheme));
      pending.set(scheme, request);
    }
    return request;
  }

  const sent = new WeakMap<Request, { scheme: Scheme; token: string; replay: Request }>();
  return {
    async onRequest({ request, schemaPath }) {
      const scheme = schemeOf(schemaPath, request.method);
      if (!scheme) return;
      const token = await tokenFor(scheme);
      request.headers.set('authorization', `Bearer ${token}`);
      // Cloned before it is sent, since sending uses up its body.
      sent.set(request, { scheme, token, replay: request.clone() });
    },
    async onResponse({ request, response, options }) {
      const call = sent.get(request);
      if (!call || response.status !== 401) return;
      await response.body?.cancel();
      if (cached.get(call.scheme)?.token === call.token) cached.delete(call.scheme);
      call.replay.headers.set('authorization', `Bearer ${await tokenFor(call.scheme)}`);
      return options.fetch(call.replay);
    },
  };
}

type Media = `${string}/${string}`;
type Method = 'get' | 'post';
type PathOf<M extends Method> = ClientPathsWithMethod<Client<paths, Media>, M>;
type Operation<P extends keyof paths, M extends Method> = paths[P][M];
type Data<O, Init> =
  O extends Record<string | number, unknown> ? Exclude<FetchResponse<O, Init, Media>['data'], undefined> : never;
type ErrorBody<O> =
  O extends Record<string | number, unknown>
    ? Exclude<FetchResponse<O, Record<never, never>, Media>['error'], undefined>
    : never;
/** The init of a call that may leave it out (no required parameter or body). */
type OptionalInit<Init> = undefined extends Init
  ? [(Init & { throwOnError?: false })?]
  : [Init & { throwOnError?: false }];

/** A non-2xx answer: its status, its body as the spec types it (undefined when not JSON), the response. */
export class ApiError<Body = unknown> extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    method: string,
    path: string,
    readonly response: Response,
    readonly body: Body | undefined,
  ) {
    super(`${method} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    this.status = response.status;
  }
}

/** openapi-fetch's GET or POST, with a non-2xx answer as an ApiError, thrown with `throwOnError: true`. */
interface CallOf<M extends Method> {
  <P extends PathOf<M>, Init extends MaybeOptionalInit<paths[P], M>>(
    url: P,
    init: Init & { throwOnError: true },
  ): Promise<{ data: Data<Operation<P, M>, Init>; response: Response }>;
  <P extends PathOf<M>, Init extends MaybeOptionalInit<paths[P], M>>(
    url: P,
    ...init: OptionalInit<Init>
  ): Promise<
    | { data: Data<Operation<P, M>, Init>; error?: never; response: Response }
    | { data?: never; error: ApiError<ErrorBody<Operation<P, M>>>; response: Response }
  >;
}

type LooseCall = (url: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** The calls the tests make: openapi-fetch's, plus `throwOnError`, which it does not have. */
function throwingClient(api: Client<paths, Media>) {
  async function call(send: LooseCall, method: string, url: string, init: { throwOnError?: boolean } = {}) {
    const { throwOnError = false, ...rest } = init;
    const { data, error, response } = await send(url, rest);
    if (response.ok) return { data, response };
    const failure = new ApiError(
      method,
      url,
      response,
      typeof error === 'object' && error !== null ? error : undefined,
    );
    if (throwOnError) throw failure;
    return { error: failure, response };
  }
  const get = api.GET as unknown as LooseCall;
  const post = api.POST as unknown as LooseCall;
  return {
    GET: ((url: string, init?: { throwOnError?: boolean }) => call(get, 'GET', url, init)) as CallOf<'get'>,
    POST: ((url: string, init?: { throwOnError?: boolean }) => call(post, 'POST', url, init)) as CallOf<'post'>,
  };
}

/** The terminal statuses of a status enum of the spec (its x-terminal-values). */
export function isTerminal(schema: 'InstantPaymentStatus' | 'AutomaticPaymentStatus') {
  const terminal = spec.components.schemas[schema]['x-terminal-values'] as string[];
  return (result: { status: string }) => terminal.includes(result.status);
}

/** Calls `read` every `intervalMs` until `done` accepts what it read; fails after `timeoutMs`. */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { intervalMs, timeoutMs }: { intervalMs: number; timeoutMs: number },
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline)
      throw new Error(`not done after ${timeoutMs} ms; last read: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A new clientRequestId per call. */
let counter = 0;
export const key = (label = 'order') => `${label}-${++counter}-${Date.now().toString(36)}`;

export function instantBody(overrides: Record<string, unknown> = {}, name = 'InstantPaymentPixManuRequest') {
  return { ...example(name), clientRequestId: key(), ...overrides };
}

/** Opens the bank page behind a redirect URL and submits a decision; returns where the bank sends the user. */
export async function decide(sandbox: Sandbox, url: string, decision: 'approve' | 'reject'): Promise<URL> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!formToken || !action) throw new Error(`no decision form on the bank page:\n${html}`);
  const response = await fetch(sandbox.url + action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

/** The sandbox's own state behind its read-only view, for the tests that reach into the domain. */
/** A JSON POST with the customer token, as a merchant's backend sends one. */
export async function postJson(booted: Booted, path: string, body: unknown): Promise<Response> {
  return booted.raw(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${await booted.token()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const internalState = (sandbox: Sandbox): SandboxState => sandbox.state as SandboxState;

/** Every status change the sandbox made that the spec's state machines (x-transitions) do not allow. */
export function illegalMoves(sandbox: Sandbox): string[] {
  const machines: Array<[string, Iterable<{ id: string; life: { history: readonly string[] } }>]> = [
    ['InstantPaymentStatus', sandbox.state.records('instant')],
    ['AutomaticConsentStatus', sandbox.state.records('consent')],
    ['AutomaticPaymentStatus', sandbox.state.records('automatic-payment')],
  ];
  const illegal: string[] = [];
  for (const [schema, records] of machines) {
    const transitions = spec.components.schemas[schema]['x-transitions'] as Record<string, string[]>;
    for (const record of records) {
      record.life.history.forEach((status, index) => {
        const next = record.life.history[index + 1];
        if (next && !transitions[status]?.includes(next)) illegal.push(`${schema} ${record.id}: ${status} → ${next}`);
      });
    }
  }
  return illegal;
}
