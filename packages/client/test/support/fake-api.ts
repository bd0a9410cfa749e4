// A stub `fetch` that plays the Klavi API for unit tests: it issues tokens at both token endpoints,
// checks bearer tokens on every other call, and answers each route with a scripted handler.
// Every request it sees is recorded (method, path, headers, body) for assertions.
import { createKlaviClient, type KlaviClientOptions } from '../../src/index.js';

export const BASE_URL = 'https://api.test.example';
export const CUSTOMER = { accessKey: 'customer-access-key', secretKey: 'customer-SECRET-d6f1' };
export const MANAGEMENT = { accessKey: 'management-access-key', secretKey: 'management-SECRET-93ab' };

export interface Recorded {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export type Handler = (request: Recorded, call: number) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorBody(status: number, error: string, message: string) {
  return { statusCode: status, error, message };
}

/** A JWT-shaped token (the client never decodes it, but the spec's pattern expects three parts). */
export function jwt(label: string): string {
  return `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: label })).toString('base64url')}.c2lnbmF0dXJl`;
}

export class FakeApi {
  readonly requests: Recorded[] = [];
  readonly issued: string[] = [];
  readonly routes = new Map<string, { handler: Handler; auth: boolean }>();
  /** Tokens the fake accepts, by scheme; a test can revoke one to force a 401. */
  readonly valid = new Map<string, 'customer' | 'management'>();
  expireIn = 3600;
  tokenDelayMs = 0;
  private readonly counts = new Map<string, number>();

  /** Scripts a route. `auth: false` routes (the whitelabel links) take no bearer token. */
  route(method: string, path: string, handler: Handler, options: { auth?: boolean } = {}): this {
    this.routes.set(`${method} ${path}`, { handler, auth: options.auth ?? true });
    return this;
  }

  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  revokeAll(): void {
    this.valid.clear();
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.body ? await request.text() : '';
    const recorded: Recorded = {
      method: request.method,
      path: url.pathname,
      search: url.searchParams,
      headers: new Headers(request.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(recorded);
    const key = `${recorded.method} ${recorded.path}`;
    const call = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, call);

    for (const [path, scheme, pair] of [
      ['/payment/customer/v1/auth', 'customer', CUSTOMER],
      ['/payment/management/v1/auth', 'management', MANAGEMENT],
    ] as const) {
      if (recorded.path !== path || this.routes.has(key)) continue;
      if (this.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      const body = recorded.body as { accessKey?: string; secretKey?: string };
      if (body.accessKey !== pair.accessKey || body.secretKey !== pair.secretKey) {
        return json(401, errorBody(401, 'Unauthorized', 'invalid accessKey or secretKey'));
      }
      const token = jwt(`${scheme}-${this.issued.length + 1}`);
      this.issued.push(token);
      this.valid.set(token, scheme);
      return json(200, { accessToken: token, expireIn: this.expireIn });
    }

    const route = this.routes.get(key);
    if (!route) return json(404, errorBody(404, 'Not Found', `no route ${key}`));
    if (!route.auth) return route.handler(recorded, call);
    const scheme = recorded.path.startsWith('/payment/management/') ? 'management' : 'customer';
    const token = /^Bearer (.+)$/.exec(recorded.headers.get('authorization') ?? '')?.[1];
    if (!token || this.valid.get(token) !== scheme)
      return json(401, errorBody(401, 'Unauthorized', 'invalid or expired token'));
    return route.handler(recorded, call);
  };
}

export function clientFor(api: FakeApi, options: Partial<KlaviClientOptions> = {}) {
  return createKlaviClient({
    baseUrl: BASE_URL,
    credentials: CUSTOMER,
    managementCredentials: MANAGEMENT,
    fetch: api.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  } as KlaviClientOptions);
}

/** The example bodies of the bundled spec, as test fixtures. */
export async function specExample(name: string): Promise<any> {
  const { default: spec } = await import('@klavi-pay/spec/openapi.json', { with: { type: 'json' } });
  const example = (spec as any).components.examples[name];
  if (!example) throw new Error(`no example ${name} in the spec`);
  return structuredClone(example.value);
}
