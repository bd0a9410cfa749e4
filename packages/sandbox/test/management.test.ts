import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, boot, decide, example, instantBody, key, type Booted } from './support/harness.js';

let t: Booted;
const created: string[] = [];
let consentId = '';
let paymentIds: string[] = [];

const ORDERS = '/payment/management/v1/merchants/{appId}/orders';
const DAY = 86_400_000;

beforeAll(async () => {
  t = await boot();
  // 45 payments over three days: 15 a day, a sandbox second apart.
  for (let day = 0; day < 3; day++) {
    for (let i = 0; i < 15; i++) {
      const { data } = await t.client.POST('/payment/customer/v1/instant/payments', {
        body: instantBody() as never,
        throwOnError: true,
      });
      created.push(data.id);
      t.sandbox.clock.advance(1000);
    }
    t.sandbox.clock.advance(DAY);
  }
  const consent = (
    await t.client.POST('/payment/customer/v1/automatic/consents', {
      body: { ...example('AutomaticConsentRequest'), clientRequestId: key() } as never,
      throwOnError: true,
    })
  ).data;
  consentId = consent.id;
  await decide(t.sandbox, consent.consentRedirectURL!, 'approve');
  paymentIds = [];
  for (let i = 0; i < 3; i++) {
    const date = new Date(t.sandbox.clock.now() - 3 * 3600_000).toISOString().slice(0, 10);
    const { data } = await t.client.POST('/payment/customer/v1/automatic/consents/{consentId}/payments', {
      params: { path: { consentId } },
      body: { clientRequestId: key(), date, amount: '90.00' },
      throwOnError: true,
    });
    paymentIds.push(data.id);
    t.sandbox.clock.advance(1000);
  }
});
afterAll(() => t.stop());

describe('apps', () => {
  it('lists the merchant apps', async () => {
    const { data } = await t.client.GET('/payment/management/v1/merchants/apps', { throwOnError: true });
    expect(data.data.map((a) => a.appId)).toContain(APP_ID);
    expect(data.data[0]).toEqual({ appId: expect.any(String), name: expect.any(String) });
  });
});

describe('orders', () => {
  it("are the app's instant payments, newest first, 20 by default", async () => {
    const { data } = await t.client.GET(ORDERS, { params: { path: { appId: APP_ID } }, throwOnError: true });
    expect(data.data).toHaveLength(20);
    expect(data.data.map((o) => o.id)).toEqual([...created].reverse().slice(0, 20));
    expect(data.nextCursor).toEqual(expect.any(String));
  });

  it('page with a cursor until the last page, which has none', async () => {
    const ids: string[] = [];
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const { data } = await t.client.GET(ORDERS, {
        params: { path: { appId: APP_ID }, query: { pageSize: 7, ...(cursor === undefined ? {} : { cursor }) } },
        throwOnError: true,
      });
      ids.push(...data.data.map((order) => order.id));
      if (!data.nextCursor) break;
      expect(cursors.has(data.nextCursor), `cursor ${data.nextCursor} handed out twice`).toBe(false);
      cursors.add(data.nextCursor);
      cursor = data.nextCursor;
    }
    expect(ids).toEqual([...created].reverse());
  });

  it('take up to 200 a page', async () => {
    const { data } = await t.client.GET(ORDERS, {
      params: { path: { appId: APP_ID }, query: { pageSize: 200 } },
      throwOnError: true,
    });
    expect(data.data).toHaveLength(45);
    expect(data).not.toHaveProperty('nextCursor');
  });

  it('keep their pages stable while new payments arrive', async () => {
    const first = (
      await t.client.GET(ORDERS, { params: { path: { appId: APP_ID }, query: { pageSize: 10 } }, throwOnError: true })
    ).data;
    const extra = (
      await t.client.POST('/payment/customer/v1/instant/payments', { body: instantBody() as never, throwOnError: true })
    ).data;
    const second = (
      await t.client.GET(ORDERS, {
        params: { path: { appId: APP_ID }, query: { pageSize: 10, cursor: first.nextCursor! } },
        throwOnError: true,
      })
    ).data;
    expect(second.data.map((o) => o.id)).toEqual([...created].reverse().slice(10, 20));
    created.push(extra.id);
  });

  it('filter by creation date (Brasília), inclusive', async () => {
    const day = (offset: number) =>
      new Date(Date.parse('2026-11-21T12:00:00Z') - 3 * 3600_000 + offset * (DAY + 15_000)).toISOString().slice(0, 10);
    const { data } = await t.client.GET(ORDERS, {
      params: { path: { appId: APP_ID }, query: { startDate: day(1), endDate: day(1), pageSize: 200 } },
      throwOnError: true,
    });
    expect(data.data.map((o) => o.id)).toEqual(created.slice(15, 30).reverse());
  });

  it('refuse startDate after endDate, and a cursor they did not issue', async () => {
    const dates = await t.client.GET(ORDERS, {
      params: { path: { appId: APP_ID }, query: { startDate: '2026-11-23', endDate: '2026-11-21' } },
    });
    expect(dates.error?.status).toBe(400);
    expect(dates.error?.body?.message).toBe(
      'query.startDate (2026-11-23) must not be after query.endDate (2026-11-21)',
    );
    const cursor = await t.client.GET(ORDERS, {
      params: { path: { appId: APP_ID }, query: { cursor: 'bm90LWEtY3Vyc29y' } },
    });
    expect(cursor.error?.status).toBe(400);
    expect(cursor.error?.body?.message).toMatch(/^query.cursor is not a cursor this server issued/);
  });

  it("are 404 for an app that is not the merchant's", async () => {
    const { error } = await t.client.GET(ORDERS, { params: { path: { appId: 'someone-elses-app' } } });
    expect(error?.status).toBe(404);
    expect(error?.body?.message).toBe('app someone-elses-app was not found');
  });

  it('show one order in the legacy order model', async () => {
    const id = created[0]!;
    const { data } = await t.client.GET('/payment/management/v1/merchants/{appId}/orders/{id}', {
      params: { path: { appId: APP_ID, id } },
      throwOnError: true,
    });
    expect(data).toMatchObject({
      id,
      paymentId: id,
      appId: APP_ID,
      method: 'PIX_MANU',
      provider: { tradeName: 'Demo store' },
      status: 'CONSENT_REJECTED',
    });
    // The legacy model carries the reason as `error {code, title, detail}`.
    expect(data.error).toMatchObject({ code: 'TEMPO_EXPIRADO_AUTORIZACAO', detail: expect.any(String) });
    expect(data.externalId).toBe(t.sandbox.state.instantPayment(id)!.request.clientRequestId);
  });

  it('show the same status the Customer API shows', async () => {
    const id = created[1]!;
    const { data: customerView } = await t.client.GET('/payment/customer/v1/instant/payments/{id}', {
      params: { path: { id } },
      throwOnError: true,
    });
    const { data: order } = await t.client.GET('/payment/management/v1/merchants/{appId}/orders/{id}', {
      params: { path: { appId: APP_ID, id } },
      throwOnError: true,
    });
    expect(order.status).toBe(customerView.status);
    expect(order.status).toBe('CONSENT_REJECTED'); // the 60-minute timeout has passed for these
  });
});

describe('Automatic Pix management', () => {
  it("lists the app's consents", async () => {
    const { data } = await t.client.GET('/payment/management/v1/merchants/automatic/{appId}/consents', {
      params: { path: { appId: APP_ID } },
      throwOnError: true,
    });
    expect(data.data.map((c) => c.id)).toContain(consentId);
  });

  it("lists a consent's payments, newest first", async () => {
    const { data } = await t.client.GET(
      '/payment/management/v1/merchants/automatic/{appId}/consents/{consentId}/orders',
      {
        params: { path: { appId: APP_ID, consentId } },
        throwOnError: true,
      },
    );
    expect(data.data.map((p) => p.id)).toEqual([...paymentIds].reverse());
  });

  it('is 404 for a consent of another app', async () => {
    const { error } = await t.client.GET(
      '/payment/management/v1/merchants/automatic/{appId}/consents/{consentId}/orders',
      {
        params: { path: { appId: '5d3c2b1a-7e6f-4a8b-9c0d-1e2f3a4b5c6d', consentId } },
      },
    );
    expect(error?.status).toBe(404);
  });
});
