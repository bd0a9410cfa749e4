import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, decide, example, isTerminal, key, poll, type Booted } from './support/harness.js';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());

const CONSENTS = '/payment/customer/v1/automatic/consents';
const CONSENT_STATUS = '/payment/customer/v1/automatic/consents/{id}/status';
const PAYMENTS = '/payment/customer/v1/automatic/consents/{consentId}/payments';
const PAYMENT_STATUS = '/payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/status';
const CANCEL = '/payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/cancel';
const RETRY = '/payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/retry';

const today = () => new Date(t.sandbox.clock.now() - 3 * 3600_000).toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(t.sandbox.clock.now() - 3 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

function consentBody(config: Record<string, unknown> = {}) {
  const body = example('AutomaticConsentRequest');
  return { ...body, clientRequestId: key('consent'), paymentMethodConfig: { ...body.paymentMethodConfig, ...config } };
}

async function createConsent(config: Record<string, unknown> = {}) {
  const { data } = await t.client.POST(CONSENTS, { body: consentBody(config) as never, throwOnError: true });
  return data;
}

async function consentStatus(id: string) {
  return (await t.client.GET(CONSENT_STATUS, { params: { path: { id } }, throwOnError: true })).data;
}

async function authorizedConsent(config: Record<string, unknown> = {}) {
  const consent = await createConsent(config);
  await decide(t.sandbox, consent.consentRedirectURL!, 'approve');
  return consent;
}

async function schedule(consentId: string, body: Record<string, unknown>) {
  return t.client.POST(PAYMENTS, {
    params: { path: { consentId } },
    body: { clientRequestId: key('charge'), date: today(), amount: '90.00', ...body } as never,
  });
}

async function paymentStatus(consentId: string, paymentId: string) {
  return (await t.client.GET(PAYMENT_STATUS, { params: { path: { consentId, paymentId } }, throwOnError: true })).data;
}

describe('consents', () => {
  it('are created awaiting authorization, then authorized at the bank', async () => {
    const consent = await createConsent();
    expect(consent).toMatchObject({
      status: 'CONSENT_AWAITING_AUTHORIZATION',
      consentRedirectURL: expect.stringContaining('/sandbox/bank/authorize/'),
    });
    expect(consent.id).toMatch(/^urn:klavisandbox:/);
    const back = await decide(t.sandbox, consent.consentRedirectURL!, 'approve');
    expect(back.searchParams.get('consentId')).toBe(consent.id);
    expect((await consentStatus(consent.id)).status).toBe('CONSENT_AUTHORIZED');
    const { data: full } = await t.client.GET('/payment/customer/v1/automatic/consents/{id}', {
      params: { path: { id: consent.id } },
      throwOnError: true,
    });
    expect(full).toMatchObject({
      id: consent.id,
      status: 'CONSENT_AUTHORIZED',
      paymentMethodConfig: { isRetryAccepted: true },
    });
  });

  it('are rejected at the bank', async () => {
    const consent = await createConsent();
    await decide(t.sandbox, consent.consentRedirectURL!, 'reject');
    expect(await consentStatus(consent.id)).toMatchObject({
      status: 'CONSENT_REJECTED',
      statusReason: { code: 'REJEITADO_USUARIO' },
    });
  });

  it('expire after 60 minutes without an answer', async () => {
    const consent = await createConsent();
    t.sandbox.clock.advance(60 * 60_000);
    expect((await consentStatus(consent.id)).status).toBe('EXPIRED');
  });

  it('refuse minimumVariableAmount above maximumVariableAmount with 422', async () => {
    const { error } = await t.client.POST(CONSENTS, {
      body: consentBody({ minimumVariableAmount: '200.00', maximumVariableAmount: '100.00' }) as never,
    });
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toBe(
      'paymentMethodConfig.minimumVariableAmount (200.00) exceeds maximumVariableAmount (100.00)',
    );
  });

  it.each([
    ['100.91', ['CONSENT_PARTIALLY_ACCEPTED', 'CONSENT_AUTHORIZED'], 60_000],
    ['100.92', ['CONSENT_AUTHORIZED', 'CONSENT_REVOKED'], 3600_000],
    ['100.93', ['CONSENT_AUTHORIZED', 'CONSENT_PERIOD_EXPIRED'], 86_400_000],
    ['100.94', ['ERROR', 'ERROR'], 1000],
    ['100.95', ['CANCELED', 'CANCELED'], 1000],
  ])('maximumVariableAmount %s walks %j', async (maximumVariableAmount, [first, second], after) => {
    const consent = await createConsent({ maximumVariableAmount });
    await decide(t.sandbox, consent.consentRedirectURL!, 'approve');
    expect((await consentStatus(consent.id)).status).toBe(first);
    t.sandbox.clock.advance(after);
    expect((await consentStatus(consent.id)).status).toBe(second);
  });

  it('are made through the whitelabel link endpoint too', async () => {
    const { clientMetadata: _dropped, ...consent } = consentBody();
    const { data } = await t.client.POST('/payment/customer/v1/automatic/consent-links', {
      body: { accessKey: 'sandbox-customer-key', secretKey: 'sandbox-customer-secret', consent } as never,
      throwOnError: true,
    });
    expect(data.consentURL).toContain('/sandbox/bank/authorize/');
    expect(data.id).toMatch(/^urn:/);
  });
});

describe('recurring payments', () => {
  it('settle today: PAYMENT_PENDING → PAYMENT_SETTLEMENT_PROCESSING → PAYMENT_COMPLETED', async () => {
    const consent = await authorizedConsent();
    const { data: payment } = await schedule(consent.id, {});
    expect(payment).toMatchObject({ consentId: consent.id, status: 'PAYMENT_PENDING', currency: 'BRL' });
    t.sandbox.clock.advance(1000);
    expect((await paymentStatus(consent.id, payment!.id)).status).toBe('PAYMENT_SETTLEMENT_PROCESSING');
    t.sandbox.clock.advance(1000);
    expect((await paymentStatus(consent.id, payment!.id)).status).toBe('PAYMENT_COMPLETED');
  });

  it('wait as PAYMENT_SCHEDULED until their date (Brasília midnight)', async () => {
    const consent = await authorizedConsent();
    const date = inDays(3);
    const { data: payment } = await schedule(consent.id, { date });
    expect(payment!.status).toBe('PAYMENT_SCHEDULED');
    t.sandbox.clock.advance(86_400_000);
    expect((await paymentStatus(consent.id, payment!.id)).status).toBe('PAYMENT_SCHEDULED');
    const due = Date.parse(`${date}T03:00:00Z`);
    t.sandbox.clock.advance(due - t.sandbox.clock.now() + 2000);
    expect((await paymentStatus(consent.id, payment!.id)).status).toBe('PAYMENT_COMPLETED');
  });

  it.each([
    [
      'a consent not authorized yet',
      async () => (await createConsent()).id,
      {},
      /is CONSENT_AWAITING_AUTHORIZATION; payments can be scheduled only while it is CONSENT_AUTHORIZED/,
    ],
    [
      'an amount below the minimum',
      async () => (await authorizedConsent()).id,
      { amount: '10.00' },
      /below the consent's minimumVariableAmount 80.01/,
    ],
    [
      'an amount above the maximum',
      async () => (await authorizedConsent()).id,
      { amount: '500.00' },
      /above the consent's maximumVariableAmount 100.01/,
    ],
    [
      'a date in the past',
      async () => (await authorizedConsent()).id,
      { date: '2020-01-01' },
      /date 2020-01-01 is in the past/,
    ],
  ])('are refused with 422 for %s', async (_, consentId, body, message) => {
    const { error } = await schedule(await consentId(), body);
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toMatch(message);
  });

  it('are 404 under a consent that does not exist', async () => {
    const { error } = await schedule('urn:klavisandbox:nothing', {});
    expect(error?.status).toBe(404);
  });

  it('are cancelled while scheduled, then cannot be cancelled again', async () => {
    const consent = await authorizedConsent();
    const { data: payment } = await schedule(consent.id, { date: inDays(5) });
    const cancel = { cancelledBy: '76109277673', identifierType: 'CPF' } as const;
    const { data: cancelled } = await t.client.POST(CANCEL, {
      params: { path: { consentId: consent.id, paymentId: payment!.id } },
      body: cancel,
      throwOnError: true,
    });
    expect(cancelled).toMatchObject({
      status: 'CANCELED',
      cancellation: { cancelledBy: { identifier: '76109277673' } },
    });
    const { error } = await t.client.POST(CANCEL, {
      params: { path: { consentId: consent.id, paymentId: payment!.id } },
      body: cancel,
    });
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toMatch(
      /is CANCELED and can no longer be cancelled; it can be cancelled while PAYMENT_PENDING or PAYMENT_SCHEDULED/,
    );
  });

  it('are rejected by the magic amount .01, then retried on a new date and completed', async () => {
    const consent = await authorizedConsent();
    const { data: payment } = await schedule(consent.id, { amount: '90.01' });
    t.sandbox.clock.advance(2000);
    expect(await paymentStatus(consent.id, payment!.id)).toMatchObject({
      status: 'PAYMENT_REJECTED',
      statusReason: { code: 'SALDO_INSUFICIENTE' },
    });
    const retryKey = key('retry');
    const { data: retried } = await t.client.POST(RETRY, {
      params: { path: { consentId: consent.id, paymentId: payment!.id } },
      body: { clientRequestId: retryKey, date: inDays(1) },
      throwOnError: true,
    });
    expect(retried).toMatchObject({
      originalPaymentId: payment!.id,
      clientRequestId: retryKey,
      status: 'PAYMENT_SCHEDULED',
      amount: '90.01',
    });
    t.sandbox.clock.advance(2 * 86_400_000);
    expect((await paymentStatus(consent.id, retried!.id)).status).toBe('PAYMENT_COMPLETED');
    const { error } = await t.client.POST(RETRY, {
      params: { path: { consentId: consent.id, paymentId: payment!.id } },
      body: { clientRequestId: retryKey, date: inDays(1) },
    });
    expect(error?.status).toBe(409);
  });

  it('reach ERROR with the magic amount .03', async () => {
    const consent = await authorizedConsent();
    const { data: payment } = await schedule(consent.id, { amount: '90.03' });
    t.sandbox.clock.advance(2000);
    expect((await paymentStatus(consent.id, payment!.id)).status).toBe('ERROR');
  });

  it('cannot be retried when the consent does not accept retries', async () => {
    const consent = await authorizedConsent({ isRetryAccepted: false });
    const { data: payment } = await schedule(consent.id, { amount: '90.01' });
    t.sandbox.clock.advance(2000);
    const { error } = await t.client.POST(RETRY, {
      params: { path: { consentId: consent.id, paymentId: payment!.id } },
      body: { clientRequestId: key(), date: inDays(1) },
    });
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toMatch(/does not accept retries \(paymentMethodConfig.isRetryAccepted is false\)/);
  });

  it('cannot be retried unless rejected', async () => {
    const consent = await authorizedConsent();
    const { data: payment } = await schedule(consent.id, {});
    const { error } = await t.client.POST(RETRY, {
      params: { path: { consentId: consent.id, paymentId: payment!.id } },
      body: { clientRequestId: key(), date: inDays(1) },
    });
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toMatch(/only a PAYMENT_REJECTED payment can be retried/);
  });

  it('are followed to a terminal status by polling it', async () => {
    const consent = await authorizedConsent();
    const { data: payment } = await schedule(consent.id, {});
    const ticking = setInterval(() => t.sandbox.clock.advance(1000), 5);
    try {
      const final = await poll(() => paymentStatus(consent.id, payment!.id), isTerminal('AutomaticPaymentStatus'), {
        intervalMs: 5,
        timeoutMs: 10_000,
      });
      expect(final.status).toBe('PAYMENT_COMPLETED');
    } finally {
      clearInterval(ticking);
    }
  });
});
