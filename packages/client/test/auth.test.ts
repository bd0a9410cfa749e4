import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { refreshMarginMs, TokenCache } from '../src/auth.js';
import { KlaviAuthError, KlaviConfigError, type KlaviClientEvent } from '../src/index.js';
import { clientFor, CUSTOMER, FakeApi, json, jwt, MANAGEMENT, specExample } from './support/fake-api.js';

const STATUS_PATH = '/payment/customer/v1/instant/payments/{id}/status';
const CUSTOMER_AUTH = '/payment/customer/v1/auth';
const MANAGEMENT_AUTH = '/payment/management/v1/auth';

async function apiWithStatus() {
  const status = await specExample('InstantPaymentStatusResponse');
  return new FakeApi().route('GET', '/payment/customer/v1/instant/payments/p1/status', () => json(200, status));
}

describe('auth: token on first use', () => {
  it('fetches a token with the Customer pair, then sends it as a bearer token', async () => {
    const api = await apiWithStatus();
    const client = clientFor(api);
    const { data, error } = await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    expect(error).toBeUndefined();
    expect(data?.status).toBe('CONSENT_AUTHORIZED');
    const [auth, call] = api.requests;
    expect(auth).toMatchObject({ method: 'POST', path: CUSTOMER_AUTH, body: CUSTOMER });
    expect(auth?.headers.get('authorization')).toBeNull();
    expect(call?.headers.get('authorization')).toBe(`Bearer ${api.issued[0]}`);
  });

  it('reuses the cached token for later calls', async () => {
    const api = await apiWithStatus();
    const client = clientFor(api);
    for (let i = 0; i < 5; i++) await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    expect(api.count('POST', CUSTOMER_AUTH)).toBe(1);
    expect(api.count('GET', '/payment/customer/v1/instant/payments/p1/status')).toBe(5);
  });

  it('shares one token request among 100 concurrent calls', async () => {
    const api = await apiWithStatus();
    api.tokenDelayMs = 20;
    const client = clientFor(api);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } })),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(api.count('POST', CUSTOMER_AUTH)).toBe(1);
  });

  it('does not send a token to the token-less whitelabel link endpoint', async () => {
    const link = await specExample('InstantPaymentLink');
    const api = new FakeApi().route('POST', '/payment/customer/v1/instant/payment-links', () => json(200, link), {
      auth: false,
    });
    const body = await specExample('InstantPaymentLinkRequest');
    const { data } = await clientFor(api).POST('/payment/customer/v1/instant/payment-links', { body });
    expect(data).toEqual(link);
    expect(api.requests.map((r) => r.path)).toEqual(['/payment/customer/v1/instant/payment-links']);
    expect(api.requests[0]?.headers.get('authorization')).toBeNull();
  });
});

describe('auth: expiry', () => {
  it('refreshes shortly before the token expires, not after', async () => {
    let now = 1_000_000;
    let issued = 0;
    const cache = new TokenCache('CustomerBearer', async () => ({ accessToken: jwt(`t${++issued}`), expireIn: 3600 }), {
      now: () => now,
    });
    const first = await cache.get();
    now += 3600_000 - refreshMarginMs(3600) - 1;
    expect(await cache.get()).toBe(first);
    now += 1;
    const second = await cache.get();
    expect(second).not.toBe(first);
    expect(issued).toBe(2);
  });

  it('keeps the refresh margin within the lifetime of short tokens', () => {
    expect(refreshMarginMs(3600)).toBe(60_000);
    expect(refreshMarginMs(60)).toBe(6_000);
    expect(refreshMarginMs(1)).toBe(100);
  });

  it('lets a caller abort its wait without failing the shared token request', async () => {
    let release!: () => void;
    const cache = new TokenCache(
      'CustomerBearer',
      () => new Promise((resolve) => (release = () => resolve({ accessToken: jwt('t'), expireIn: 60 }))),
    );
    const controller = new AbortController();
    const aborted = cache.get(controller.signal);
    const patient = cache.get();
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    release();
    await expect(patient).resolves.toBe(jwt('t'));
  });
});

describe('auth: 401', () => {
  it('refreshes the token once and replays the request', async () => {
    const api = await apiWithStatus();
    const client = clientFor(api);
    await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    api.revokeAll();
    const { data, response } = await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    expect(response.status).toBe(200);
    expect(data?.id).toBeDefined();
    expect(api.count('POST', CUSTOMER_AUTH)).toBe(2);
    const calls = api.requests.filter((r) => r.path.endsWith('/status'));
    expect(calls.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${api.issued[0]}`,
      `Bearer ${api.issued[0]}`,
      `Bearer ${api.issued[1]}`,
    ]);
  });

  it('gives up after one refresh when the fresh token is refused too', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/p1/status', () =>
      json(401, { statusCode: 401, error: 'Unauthorized', message: 'token revoked' }),
    );
    const client = clientFor(api);
    const { error } = await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    expect(error?.status).toBe(401);
    expect(error?.body?.message).toBe('token revoked');
    expect(api.count('POST', CUSTOMER_AUTH)).toBe(2);
    expect(api.count('GET', '/payment/customer/v1/instant/payments/p1/status')).toBe(2);
  });

  it('refreshes once for many concurrent 401s', async () => {
    const api = await apiWithStatus();
    const client = clientFor(api);
    await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    api.revokeAll();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } })),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(api.count('POST', CUSTOMER_AUTH)).toBe(2);
  });
});

describe('auth: Customer and Management credentials stay apart', () => {
  it('uses each pair at its own token endpoint, and each token only on its own API', async () => {
    const api = await apiWithStatus();
    api.route('GET', '/payment/management/v1/merchants/apps', () => json(200, { data: [] }));
    const client = clientFor(api);
    await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    await client.GET('/payment/management/v1/merchants/apps');
    const auths = api.requests.filter((r) => r.path.endsWith('/auth'));
    expect(auths.map((r) => [r.path, r.body])).toEqual([
      [CUSTOMER_AUTH, CUSTOMER],
      [MANAGEMENT_AUTH, MANAGEMENT],
    ]);
    const [customerToken, managementToken] = api.issued;
    expect(api.requests.find((r) => r.path.endsWith('/status'))?.headers.get('authorization')).toBe(
      `Bearer ${customerToken}`,
    );
    expect(api.requests.find((r) => r.path.endsWith('/apps'))?.headers.get('authorization')).toBe(
      `Bearer ${managementToken}`,
    );
  });

  it('refuses a Management call without Management credentials, naming the option', async () => {
    const api = new FakeApi();
    const client = clientFor(api, { managementCredentials: undefined });
    await expect(client.GET('/payment/management/v1/merchants/apps')).rejects.toThrow(KlaviConfigError);
    await expect(client.GET('/payment/management/v1/merchants/apps')).rejects.toThrow(
      /listMerchantApps needs ManagementBearer credentials.*managementCredentials/,
    );
    expect(api.requests).toEqual([]);
  });
});

describe('auth: failures', () => {
  it('reports refused credentials as KlaviAuthError, returned or thrown', async () => {
    const api = await apiWithStatus();
    const client = clientFor(api, { credentials: { accessKey: CUSTOMER.accessKey, secretKey: 'wrong-secret' } });
    const { error } = await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    expect(error).toBeInstanceOf(KlaviAuthError);
    expect(error?.status).toBe(401);
    expect(error?.operationId).toBe('createCustomerAccessToken');
    expect(error?.message).toMatch(
      /Could not get a CustomerBearer access token: createCustomerAccessToken answered 401: invalid accessKey or secretKey/,
    );
    await expect(
      client.GET(STATUS_PATH, { params: { path: { id: 'p1' } }, throwOnError: true }),
    ).rejects.toBeInstanceOf(KlaviAuthError);
    expect(api.count('GET', '/payment/customer/v1/instant/payments/p1/status')).toBe(0);
  });

  it('rejects a token response without a token', async () => {
    const api = await apiWithStatus();
    api.route('POST', CUSTOMER_AUTH, () => json(200, { accessToken: 'x' }), { auth: false });
    const { error } = await clientFor(api).GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    expect(error).toBeInstanceOf(KlaviAuthError);
    expect(error?.message).toMatch(/without accessToken and a positive expireIn/);
  });
});

describe('auth: secrets stay secret', () => {
  it('never puts a secret or a token in events, errors or the client object', async () => {
    const events: KlaviClientEvent[] = [];
    const api = await apiWithStatus();
    api.route('GET', '/payment/customer/v1/instant/payments/bad/status', () =>
      json(404, { statusCode: 404, error: 'Not Found', message: 'no payment bad' }),
    );
    const client = clientFor(api, { logger: (e) => events.push(e) });
    await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    const { error } = await client.GET(STATUS_PATH, { params: { path: { id: 'bad' } } });
    api.revokeAll();
    await client.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });
    const refused = clientFor(api, {
      credentials: { accessKey: 'k', secretKey: `${CUSTOMER.secretKey}x` },
      logger: (e) => events.push(e),
    });
    const { error: authError } = await refused.GET(STATUS_PATH, { params: { path: { id: 'p1' } } });

    const secrets = [CUSTOMER.secretKey, MANAGEMENT.secretKey, ...api.issued];
    const surfaces = [
      JSON.stringify(events),
      inspect(client, { depth: 10, showHidden: true }),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error?.stack),
      inspect(authError, { depth: 10 }),
      JSON.stringify(authError),
    ];
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['token', 'token-rejected', 'response']));
    for (const surface of surfaces) for (const secret of secrets) expect(surface).not.toContain(secret);
  });

  it('names a missing credential field without echoing any value', () => {
    expect(() => clientFor(new FakeApi(), { credentials: { accessKey: 'k', secretKey: '' } })).toThrow(
      'credentials.secretKey must be a non-empty string',
    );
    expect(() => clientFor(new FakeApi(), { managementCredentials: { accessKey: '', secretKey: 'hush-123' } })).toThrow(
      /^managementCredentials\.accessKey must be a non-empty string$/,
    );
  });
});
