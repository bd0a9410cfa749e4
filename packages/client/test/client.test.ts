import { describe, expect, it } from 'vitest';
import {
  createKlaviClient,
  ENVIRONMENTS,
  KlaviApiError,
  KlaviConfigError,
  type KlaviClientEvent,
} from '../src/index.js';
import { BASE_URL, clientFor, CUSTOMER, errorBody, FakeApi, json, specExample } from './support/fake-api.js';

const CREATE = '/payment/customer/v1/instant/payments';
const GET = '/payment/customer/v1/instant/payments/{id}';

describe('client: calls', () => {
  it('sends the typed body as JSON to the spec path and returns the typed data', async () => {
    const body = await specExample('InstantPaymentPixManuRequest');
    const created = await specExample('InstantPaymentCreated');
    const api = new FakeApi().route('POST', CREATE, () => json(200, created));
    const { data, error, response } = await clientFor(api).POST(CREATE, { body });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(created);
    const sent = api.requests.at(-1)!;
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.body).toEqual(body);
  });

  it('fills path and query parameters', async () => {
    const api = new FakeApi().route('GET', '/payment/management/v1/merchants/app%201/orders', () =>
      json(200, { data: [] }),
    );
    await clientFor(api).GET('/payment/management/v1/merchants/{appId}/orders', {
      params: { path: { appId: 'app 1' }, query: { pageSize: 50, startDate: '2026-11-01', endDate: '2026-11-21' } },
    });
    const sent = api.requests.at(-1)!;
    expect(sent.path).toBe('/payment/management/v1/merchants/app%201/orders');
    expect(Object.fromEntries(sent.search)).toEqual({ pageSize: '50', startDate: '2026-11-01', endDate: '2026-11-21' });
  });

  it('sends the client-wide headers', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/p1', () => json(200, {}));
    await clientFor(api, { headers: { 'user-agent': 'merchant-app/1.0' } }).GET(GET, {
      params: { path: { id: 'p1' } },
    });
    expect(api.requests.at(-1)!.headers.get('user-agent')).toBe('merchant-app/1.0');
  });

  it('runs user middleware once per call, outside auth and retries', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/p1', (_, call) =>
      call === 1 ? json(503, errorBody(503, 'x', 'y')) : json(200, {}),
    );
    const client = clientFor(api);
    const seen: number[] = [];
    client.use({ onResponse: ({ response }) => void seen.push(response.status) });
    await client.GET(GET, { params: { path: { id: 'p1' } } });
    expect(seen).toEqual([200]);
  });
});

describe('client: errors', () => {
  it('returns a non-2xx answer as KlaviApiError with status, body, operation and request id', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/nope', () =>
      json(404, errorBody(404, 'Not Found', 'payment nope does not exist'), { 'x-request-id': 'req-123' }),
    );
    const { data, error } = await clientFor(api).GET(GET, { params: { path: { id: 'nope' } } });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(KlaviApiError);
    expect(error).toMatchObject({
      status: 404,
      operationId: 'getInstantPayment',
      method: 'GET',
      path: GET,
      requestId: 'req-123',
      attempts: 1,
      body: { statusCode: 404, error: 'Not Found', message: 'payment nope does not exist' },
    });
    expect(error?.message).toBe(
      'getInstantPayment (GET /payment/customer/v1/instant/payments/{id}) failed with 404: payment nope does not exist [request req-123]',
    );
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'KlaviApiError',
      status: 404,
      requestId: 'req-123',
    });
  });

  it('carries a business error code of a 416 in the typed body', async () => {
    const body = await specExample('InstantPaymentPixManuRequest');
    const api = new FakeApi().route('POST', CREATE, () =>
      json(416, { statusCode: 4102, error: 'Business Error', message: 'amount above limit' }),
    );
    const { error } = await clientFor(api).POST(CREATE, { body });
    expect(error?.status).toBe(416);
    expect(error?.body?.statusCode).toBe(4102);
  });

  it('uses its own call id as the request id when the server sends none', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/x', () =>
      json(404, errorBody(404, 'Not Found', 'no')),
    );
    const events: KlaviClientEvent[] = [];
    const { error } = await clientFor(api, { logger: (e) => events.push(e) }).GET(GET, {
      params: { path: { id: 'x' } },
    });
    expect(error?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.find((e) => e.type === 'response' && e.operationId === 'getInstantPayment')).toMatchObject({
      requestId: error?.requestId,
      status: 404,
    });
  });

  it('keeps a non-JSON error body as text', async () => {
    const api = new FakeApi().route(
      'GET',
      '/payment/customer/v1/instant/payments/x',
      () => new Response('<html>Bad gateway</html>', { status: 500, headers: { 'content-type': 'text/html' } }),
    );
    const { error } = await clientFor(api).GET(GET, { params: { path: { id: 'x' } } });
    expect(error?.body).toBeUndefined();
    expect(error?.text).toBe('<html>Bad gateway</html>');
    expect(error?.message).toContain('failed with 500: <html>Bad gateway</html>');
  });

  it('throws instead when the client is built with throwOnError', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/x', () =>
      json(404, errorBody(404, 'Not Found', 'no such payment')),
    );
    const client = createKlaviClient({
      baseUrl: BASE_URL,
      credentials: CUSTOMER,
      fetch: api.fetch,
      throwOnError: true,
    });
    await expect(client.GET(GET, { params: { path: { id: 'x' } } })).rejects.toThrow(KlaviApiError);
    const result = await client.GET(GET, { params: { path: { id: 'x' } }, throwOnError: false });
    expect(result.response.status).toBe(404);
  });

  it('lets one call throw on a returning client', async () => {
    const api = new FakeApi().route('GET', '/payment/customer/v1/instant/payments/x', () =>
      json(404, errorBody(404, 'Not Found', 'no such payment')),
    );
    await expect(clientFor(api).GET(GET, { params: { path: { id: 'x' } }, throwOnError: true })).rejects.toMatchObject({
      status: 404,
      operationId: 'getInstantPayment',
    });
  });
});

describe('client: configuration', () => {
  it('resolves each environment to the base URL the spec gives it', async () => {
    for (const [environment, url] of Object.entries(ENVIRONMENTS)) {
      const requested: string[] = [];
      const client = createKlaviClient({
        environment: environment as keyof typeof ENVIRONMENTS,
        credentials: CUSTOMER,
        retry: false,
        fetch: async (request) => {
          requested.push(request.url);
          return json(401, errorBody(401, 'Unauthorized', 'no'));
        },
      });
      expect(client.baseUrl).toBe(url);
      await client.GET(GET, { params: { path: { id: 'x' } } });
      expect(requested).toEqual([`${url}/payment/customer/v1/auth`]);
    }
    expect(Object.keys(ENVIRONMENTS)).toEqual(['sandbox', 'testing', 'production']);
  });

  it('prefers baseUrl, without a trailing slash', () => {
    expect(
      createKlaviClient({ environment: 'production', baseUrl: 'http://127.0.0.1:4010/', credentials: CUSTOMER })
        .baseUrl,
    ).toBe('http://127.0.0.1:4010');
  });

  it.each([
    [{ environment: 'staging' }, 'environment: "staging" is not one of sandbox, testing, production'],
    [{}, 'pass environment (sandbox, testing, production) or baseUrl'],
    [{ baseUrl: 'localhost:4010' }, 'baseUrl: "localhost:4010" must be http or https'],
    [{ baseUrl: '/relative' }, 'baseUrl: "/relative" is not an absolute URL'],
    [{ environment: 'sandbox', timeoutMs: 0 }, 'timeoutMs must be a positive number of milliseconds, got 0'],
    [{ environment: 'sandbox', credentials: undefined }, 'credentials.accessKey must be a non-empty string'],
  ])('rejects %j with a message naming the field', (override, message) => {
    expect(() => createKlaviClient({ credentials: CUSTOMER, ...override } as never)).toThrow(KlaviConfigError);
    expect(() => createKlaviClient({ credentials: CUSTOMER, ...override } as never)).toThrow(message);
  });
});
