import { describe, expect, it } from 'vitest';
import {
  AUTOMATIC_CONSENT_TERMINAL_STATUSES,
  AUTOMATIC_PAYMENT_TERMINAL_STATUSES,
  awaitAutomaticPaymentStatus,
  awaitConsentStatus,
  awaitPaymentStatus,
  ENUM_VALUES,
  INSTANT_PAYMENT_STATUSES,
  INSTANT_PAYMENT_TERMINAL_STATUSES,
  isTerminalStatus,
  KlaviApiError,
  KlaviConfigError,
  KlaviWaitError,
  paginate,
  TERMINAL_VALUES,
} from '../src/index.js';
import { clientFor, errorBody, FakeApi, json, specExample } from './support/fake-api.js';

const { default: spec } = await import('@klavi-pay/spec/openapi.json', { with: { type: 'json' } });
const schemas = (spec as any).components.schemas;

/** A status route that walks through `statuses`, one per read, then stays on the last. */
async function walking(path: string, statuses: string[]) {
  const base = await specExample('InstantPaymentStatusResponse');
  return new FakeApi().route('GET', path, (_, call) =>
    json(200, { ...base, status: statuses[Math.min(call, statuses.length) - 1] }),
  );
}

describe('status constants', () => {
  it('are the enums and terminal values of the bundled spec', () => {
    expect(INSTANT_PAYMENT_STATUSES).toEqual(schemas.InstantPaymentStatus.enum);
    expect(INSTANT_PAYMENT_TERMINAL_STATUSES).toEqual(schemas.InstantPaymentStatus['x-terminal-values']);
    expect(AUTOMATIC_CONSENT_TERMINAL_STATUSES).toEqual(schemas.AutomaticConsentStatus['x-terminal-values']);
    expect(AUTOMATIC_PAYMENT_TERMINAL_STATUSES).toEqual(schemas.AutomaticPaymentStatus['x-terminal-values']);
    for (const [name, schema] of Object.entries<any>(schemas)) {
      if (schema.enum) expect(ENUM_VALUES[name as keyof typeof ENUM_VALUES], name).toEqual(schema.enum);
      if (schema['x-terminal-values'])
        expect(TERMINAL_VALUES[name as keyof typeof TERMINAL_VALUES], name).toEqual(schema['x-terminal-values']);
    }
  });

  it('answer whether a status is terminal', () => {
    expect(isTerminalStatus('InstantPaymentStatus', 'PAYMENT_COMPLETED')).toBe(true);
    expect(isTerminalStatus('InstantPaymentStatus', 'PAYMENT_PENDING')).toBe(false);
    expect(isTerminalStatus('AutomaticConsentStatus', 'CONSENT_REVOKED')).toBe(
      AUTOMATIC_CONSENT_TERMINAL_STATUSES.includes('CONSENT_REVOKED' as never),
    );
  });
});

describe('awaitPaymentStatus', () => {
  const path = '/payment/customer/v1/instant/payments/p1/status';

  it('polls until a terminal status by default', async () => {
    const api = await walking(path, [
      'CONSENT_AWAITING_AUTHORIZATION',
      'CONSENT_AUTHORIZED',
      'PAYMENT_PENDING',
      'PAYMENT_COMPLETED',
    ]);
    const result = await awaitPaymentStatus(clientFor(api), 'p1', { intervalMs: 1 });
    expect(result.status).toBe('PAYMENT_COMPLETED');
    expect(api.count('GET', path)).toBe(4);
  });

  it('stops at the awaited status, even a non-terminal one', async () => {
    const api = await walking(path, ['CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_AUTHORIZED', 'PAYMENT_PENDING']);
    const result = await awaitPaymentStatus(clientFor(api), 'p1', { until: 'CONSENT_AUTHORIZED', intervalMs: 1 });
    expect(result.status).toBe('CONSENT_AUTHORIZED');
    expect(api.count('GET', path)).toBe(2);
  });

  it('accepts a list of statuses and a predicate', async () => {
    const api = await walking(path, ['PAYMENT_PENDING', 'PAYMENT_SCHEDULED']);
    expect(
      (
        await awaitPaymentStatus(clientFor(api), 'p1', {
          until: ['PAYMENT_SCHEDULED', 'PAYMENT_COMPLETED'],
          intervalMs: 1,
        })
      ).status,
    ).toBe('PAYMENT_SCHEDULED');
    const api2 = await walking(path, ['PAYMENT_PENDING', 'PAYMENT_SCHEDULED']);
    expect(
      (
        await awaitPaymentStatus(clientFor(api2), 'p1', {
          until: (r) => r.status.startsWith('PAYMENT_S'),
          intervalMs: 1,
        })
      ).status,
    ).toBe('PAYMENT_SCHEDULED');
  });

  it('fails with reason "terminal" when the payment ends elsewhere', async () => {
    const api = await walking(path, ['PAYMENT_PENDING', 'PAYMENT_REJECTED']);
    const wait = awaitPaymentStatus(clientFor(api), 'p1', { until: 'PAYMENT_COMPLETED', intervalMs: 1 });
    await expect(wait).rejects.toBeInstanceOf(KlaviWaitError);
    await expect(wait).rejects.toMatchObject({ reason: 'terminal', last: { status: 'PAYMENT_REJECTED' } });
    await expect(wait).rejects.toThrow(
      'instant payment p1 reached the terminal status PAYMENT_REJECTED, which is not awaited',
    );
  });

  it('fails with reason "timeout" and the last status seen', async () => {
    const api = await walking(path, ['PAYMENT_PENDING']);
    const wait = awaitPaymentStatus(clientFor(api), 'p1', { intervalMs: 10, timeoutMs: 50 });
    await expect(wait).rejects.toMatchObject({ reason: 'timeout', last: { status: 'PAYMENT_PENDING' } });
    expect(api.count('GET', path)).toBeGreaterThanOrEqual(2);
  });

  it('ends a read that stalls when the wait runs out, and cancels it', async () => {
    const api = new FakeApi();
    let cancelled: unknown;
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_, reject) =>
        signal.addEventListener('abort', () => {
          cancelled = signal.reason;
          reject(signal.reason);
        }),
      );
    // The transport's own timeout and retries would take far longer than the wait's.
    const client = clientFor(api, {
      timeoutMs: 60_000,
      fetch: (request, init) => (request.url.endsWith('/status') ? hang(init.signal) : api.fetch(request)),
    });
    const wait = awaitPaymentStatus(client, 'p1', { intervalMs: 10, timeoutMs: 50 });
    await expect(wait).rejects.toBeInstanceOf(KlaviWaitError);
    await expect(wait).rejects.toMatchObject({ reason: 'timeout', last: undefined });
    await expect(wait).rejects.toThrow('instant payment p1: no status read within 50 ms');
    expect(cancelled).toBeInstanceOf(DOMException);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses intervalMs %s, which would poll without pause',
    async (intervalMs) => {
      const api = await walking(path, ['PAYMENT_PENDING']);
      const wait = awaitPaymentStatus(clientFor(api), 'p1', { intervalMs });
      await expect(wait).rejects.toBeInstanceOf(KlaviConfigError);
      await expect(wait).rejects.toThrow(
        `intervalMs must be a positive number of milliseconds between reads, got ${intervalMs}`,
      );
      expect(api.count('GET', path)).toBe(0);
    },
  );

  it('rejects an awaited status the enum does not have', async () => {
    const wait = awaitPaymentStatus(clientFor(new FakeApi()), 'p1', { until: 'PAID' as never });
    await expect(wait).rejects.toBeInstanceOf(KlaviConfigError);
    await expect(wait).rejects.toThrow(/until: "PAID" is not a status of instant payment p1/);
  });

  it('stops when the signal aborts', async () => {
    const api = await walking(path, ['PAYMENT_PENDING']);
    const controller = new AbortController();
    const wait = awaitPaymentStatus(clientFor(api), 'p1', { intervalMs: 5, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 30);
    await expect(wait).rejects.toThrow('shutting down');
  });

  it('surfaces an API error as KlaviApiError', async () => {
    const api = new FakeApi().route('GET', path, () => json(404, errorBody(404, 'Not Found', 'no payment p1')));
    await expect(awaitPaymentStatus(clientFor(api), 'p1', { intervalMs: 1 })).rejects.toBeInstanceOf(KlaviApiError);
  });
});

describe('awaitConsentStatus and awaitAutomaticPaymentStatus', () => {
  it('poll the consent status path until authorized', async () => {
    const base = await specExample('AutomaticConsentStatusResponse');
    const api = new FakeApi().route('GET', '/payment/customer/v1/automatic/consents/c1/status', (_, call) =>
      json(200, { ...base, status: call < 3 ? 'CONSENT_AWAITING_AUTHORIZATION' : 'CONSENT_AUTHORIZED' }),
    );
    const result = await awaitConsentStatus(clientFor(api), 'c1', { until: 'CONSENT_AUTHORIZED', intervalMs: 1 });
    expect(result.status).toBe('CONSENT_AUTHORIZED');
  });

  it('poll the recurring payment status path to a terminal status', async () => {
    const base = await specExample('AutomaticPaymentStatusResponse');
    const terminal = AUTOMATIC_PAYMENT_TERMINAL_STATUSES[0];
    const api = new FakeApi().route('GET', '/payment/customer/v1/automatic/consents/c1/payments/r1/status', (_, call) =>
      json(200, { ...base, status: call < 2 ? 'PAYMENT_SCHEDULED' : terminal }),
    );
    const result = await awaitAutomaticPaymentStatus(clientFor(api), 'c1', 'r1', { intervalMs: 1 });
    expect(result.status).toBe(terminal);
  });
});

describe('paginate', () => {
  const ordersPath = '/payment/management/v1/merchants/{appId}/orders';
  const concrete = '/payment/management/v1/merchants/app1/orders';

  async function pagedApi(pages: number, perPage: number) {
    const order = (await specExample('OrderList')).data[0];
    const api = new FakeApi().route('GET', concrete, (request) => {
      const page = Number(request.search.get('cursor') ?? 0);
      const data = Array.from({ length: perPage }, (_, i) => ({ ...order, id: `order-${page}-${i}` }));
      return json(200, page + 1 < pages ? { data, nextCursor: String(page + 1) } : { data });
    });
    return api;
  }

  it('iterates every item across pages, following nextCursor', async () => {
    const api = await pagedApi(3, 2);
    const ids: string[] = [];
    for await (const order of paginate(clientFor(api), ordersPath, {
      params: { path: { appId: 'app1' }, query: { pageSize: 2 } },
    }))
      ids.push(order.id);
    expect(ids).toEqual(['order-0-0', 'order-0-1', 'order-1-0', 'order-1-1', 'order-2-0', 'order-2-1']);
    const queries = api.requests.filter((r) => r.path === concrete).map((r) => Object.fromEntries(r.search));
    expect(queries).toEqual([{ pageSize: '2' }, { pageSize: '2', cursor: '1' }, { pageSize: '2', cursor: '2' }]);
  });

  it('fetches lazily: stopping early requests no further page', async () => {
    const api = await pagedApi(10, 5);
    const first = await paginate(clientFor(api), ordersPath, { params: { path: { appId: 'app1' } } }).toArray(7);
    expect(first).toHaveLength(7);
    expect(api.count('GET', concrete)).toBe(2);
  });

  it('exposes the pages themselves', async () => {
    const api = await pagedApi(2, 3);
    const sizes: number[] = [];
    for await (const page of paginate(clientFor(api), ordersPath, { params: { path: { appId: 'app1' } } }).pages())
      sizes.push(page.data.length);
    expect(sizes).toEqual([3, 3]);
  });

  it('reports a server that repeats a cursor instead of looping forever', async () => {
    const order = (await specExample('OrderList')).data[0];
    const api = new FakeApi().route('GET', concrete, () => json(200, { data: [order], nextCursor: 'same' }));
    await expect(
      paginate(clientFor(api), ordersPath, { params: { path: { appId: 'app1' } } }).toArray(),
    ).rejects.toThrow('the server returned the cursor "same" twice');
  });

  it('throws a page error as KlaviApiError', async () => {
    const api = new FakeApi().route('GET', concrete, () => json(404, errorBody(404, 'Not Found', 'no app app1')));
    await expect(
      paginate(clientFor(api), ordersPath, { params: { path: { appId: 'app1' } } }).toArray(),
    ).rejects.toMatchObject({ status: 404, operationId: 'listOrders' });
  });
});
