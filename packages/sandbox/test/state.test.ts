// `sandbox.state`, the query API outside code reads the sandbox through, and the origin the bank's
// links are given under: the address listened on, or `publicUrl`.
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { buildApp, type InstantPaymentState, type LifecycleState } from '../src/index.js';
import {
  APP_ID,
  boot,
  CUSTOMER,
  decide,
  example,
  instantBody,
  key,
  postJson,
  START,
  type Booted,
} from './support/harness.js';

const CREATE = '/payment/customer/v1/instant/payments';
const CONSENTS = '/payment/customer/v1/automatic/consents';

let t: Booted | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function post(booted: Booted, path: string, body: unknown) {
  const response = await postJson(booted, path, body);
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; consentRedirectURL?: string; paymentURL?: string };
}

describe('the query API', () => {
  it('reads each kind of record by id, brought up to date with the clock', async () => {
    t = await boot();
    const { state } = t.sandbox;
    const payment = await post(t, CREATE, instantBody());
    await decide(t.sandbox, payment.consentRedirectURL!, 'approve');
    t.sandbox.clock.advance(10_000);
    // No request read it since: the query applies what fell due.
    const read = state.instantPayment(payment.id)!;
    expect(read).toMatchObject({ kind: 'instant', id: payment.id, appId: APP_ID, createdAt: START });
    expect(read.life.status).toBe('PAYMENT_COMPLETED');
    expect(read.life.history).toEqual([
      'CONSENT_AWAITING_AUTHORIZATION',
      'CONSENT_AUTHORIZED',
      'PAYMENT_PENDING',
      'PAYMENT_READY_FOR_SETTLEMENT',
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_COMPLETED',
    ]);
    expect(read.life.planned).toEqual([]);
    expect(read.endToEndId).toMatch(/^E\d{8}\d{12}[A-Za-z0-9]{11}$/);
    expectTypeOf(read).toEqualTypeOf<InstantPaymentState>();
    expectTypeOf(read.life).toEqualTypeOf<LifecycleState<'InstantPaymentStatus'>>();
    // Read-only: a lifecycle read through the view has no moves.
    expectTypeOf(read.life).not.toHaveProperty('move');

    const consent = await post(t, CONSENTS, { ...example('AutomaticConsentRequest'), clientRequestId: key('consent') });
    await decide(t.sandbox, consent.consentRedirectURL!, 'approve');
    const today = new Date(t.sandbox.clock.now() - 3 * 3600_000).toISOString().slice(0, 10);
    const charge = await post(t, `${CONSENTS}/${consent.id}/payments`, {
      clientRequestId: key('charge'),
      date: today,
      amount: '90.00',
    });
    expect(state.consent(consent.id)?.life.status).toBe('CONSENT_AUTHORIZED');
    expect(state.automaticPayment(charge.id)).toMatchObject({
      kind: 'automatic-payment',
      consentId: consent.id,
      request: { amount: '90.00' },
    });
    t.sandbox.clock.advance(5_000);
    expect(state.automaticPayment(charge.id)?.life.status).toBe('PAYMENT_COMPLETED');

    expect(state.instantPayment('no-such-id')).toBeUndefined();
    expect(state.consent(payment.id)).toBeUndefined();
    expect(state.automaticPayment(consent.id)).toBeUndefined();
  });

  it('lists and counts the records of each kind, oldest first, and the apps', async () => {
    t = await boot();
    const { state } = t.sandbox;
    expect([state.count(), state.count('instant'), state.count('consent'), state.count('automatic-payment')]).toEqual([
      0, 0, 0, 0,
    ]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await post(t, CREATE, instantBody())).id);
      t.sandbox.clock.advance(1);
    }
    await post(t, CONSENTS, { ...example('AutomaticConsentRequest'), clientRequestId: key('consent') });
    expect([state.count(), state.count('instant'), state.count('consent'), state.count('automatic-payment')]).toEqual([
      4, 3, 1, 0,
    ]);
    expect([...state.records('instant')].map((r) => r.id)).toEqual(ids);
    expect([...state.records('consent')].map((r) => r.kind)).toEqual(['consent']);
    // Each brought up to date as it is reached.
    t.sandbox.clock.advance(61 * 60_000);
    expect([...state.records('instant')].map((r) => r.life.status)).toEqual([
      'CONSENT_REJECTED',
      'CONSENT_REJECTED',
      'CONSENT_REJECTED',
    ]);
    expect(state.apps.map((app) => app.appId)).toContain(APP_ID);
  });
});

describe('the bank links', () => {
  it('are given under the address the server listens on', async () => {
    t = await boot();
    const created = await post(t, CREATE, instantBody());
    expect(new URL(created.consentRedirectURL!).origin).toBe(t.sandbox.url);
  });

  it('are given under publicUrl when one is set, as the whitelabel pages are', async () => {
    t = await boot({ publicUrl: 'https://sandbox.example.com/klavi/' });
    const created = await post(t, CREATE, instantBody());
    expect(created.consentRedirectURL).toMatch(
      /^https:\/\/sandbox\.example\.com\/klavi\/sandbox\/bank\/authorize\/[\w-]+$/,
    );
    const { customer, ...payment } = instantBody();
    const link = await post(t, '/payment/customer/v1/instant/payment-links', {
      accessKey: CUSTOMER.accessKey,
      secretKey: CUSTOMER.secretKey,
      payment: { ...payment, customer },
    });
    expect(link.paymentURL).toMatch(/^https:\/\/sandbox\.example\.com\/klavi\/sandbox\/bank\/authorize\//);
    // The server itself still listens where it did, and serves the page at that path.
    expect(
      (await fetch(t.sandbox.url + new URL(created.consentRedirectURL!).pathname.replace('/klavi', ''))).status,
    ).toBe(200);
  });

  it('are given under the default address by a server that does not listen (app.inject)', async () => {
    const { app } = await buildApp({ quiet: true, clock: START });
    try {
      const auth = await app.inject({
        method: 'POST',
        url: '/payment/customer/v1/auth',
        payload: { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
      });
      const created = await app.inject({
        method: 'POST',
        url: CREATE,
        headers: { authorization: `Bearer ${auth.json<{ accessToken: string }>().accessToken}` },
        payload: instantBody(),
      });
      expect(created.statusCode).toBe(200);
      expect(created.json<{ consentRedirectURL: string }>().consentRedirectURL).toMatch(
        /^http:\/\/127\.0\.0\.1:4010\/sandbox\/bank\/authorize\//,
      );
    } finally {
      await app.close();
    }
  });

  it('refuse a publicUrl that is not an absolute http(s) URL', async () => {
    await expect(buildApp({ quiet: true, publicUrl: 'sandbox.example.com' })).rejects.toThrow(
      /publicUrl must be an absolute http or https URL, got "sandbox.example.com"/,
    );
    await expect(buildApp({ quiet: true, publicUrl: 'ftp://sandbox.example.com' })).rejects.toThrow(RangeError);
    await expect(buildApp({ quiet: true, publicUrl: 'https://sandbox.example.com/?x=1' })).rejects.toThrow(
      /without credentials, query or fragment/,
    );
  });
});
