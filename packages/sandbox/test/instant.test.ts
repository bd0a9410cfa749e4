import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, boot, decide, instantBody, isTerminal, key, poll, type Booted } from './support/harness.js';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());

const CREATE = '/payment/customer/v1/instant/payments';
const ONE = '/payment/customer/v1/instant/payments/{id}';
const STATUS = '/payment/customer/v1/instant/payments/{id}/status';
const CANCEL = '/payment/customer/v1/instant/payments/{id}/cancel';

async function create(overrides: Record<string, unknown> = {}, example?: string) {
  const { data } = await t.client.POST(CREATE, { body: instantBody(overrides, example) as never, throwOnError: true });
  return data;
}

async function statusOf(id: string) {
  const { data } = await t.client.GET(STATUS, { params: { path: { id } }, throwOnError: true });
  return data;
}

/** Reads the status once per sandbox second until it stops changing for `quietSeconds`. */
async function walk(id: string, seconds: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i <= seconds; i++) {
    const { status } = await statusOf(id);
    if (seen.at(-1) !== status) seen.push(status);
    t.sandbox.clock.advance(1000);
  }
  return seen;
}

describe('create', () => {
  it.each([
    ['PIX_INIC', 'InstantPaymentPixInicRequest'],
    ['PIX_MANU', 'InstantPaymentPixManuRequest'],
    ['PIX_DICT', 'InstantPaymentPixDictRequest'],
    ['PIX_QRCODE', 'InstantPaymentPixQrCodeRequest'],
    ['PIX_DICT for a company customer', 'InstantPaymentCompanyCustomerRequest'],
  ])('%s returns CONSENT_AWAITING_AUTHORIZATION with a consentRedirectURL', async (_, example) => {
    const body = instantBody({}, example);
    const { data: created } = await t.client.POST(CREATE, { body: body as never, throwOnError: true });
    expect(created.status).toBe('CONSENT_AWAITING_AUTHORIZATION');
    expect(created.consentRedirectURL).toMatch(new RegExp(`^${t.sandbox.url}/sandbox/bank/authorize/[A-Za-z0-9_-]+$`));
    const payment = (await t.client.GET(ONE, { params: { path: { id: created.id } }, throwOnError: true })).data;
    expect(payment).toMatchObject({
      id: created.id,
      appId: expect.any(String),
      consentId: expect.stringMatching(/^urn:/),
      date: body.date ?? '2026-11-21',
    });
    expect(payment).not.toHaveProperty('clientMetadata');
  });
});

describe('the bank page', () => {
  it('approves, then the payment settles one status per sandbox second', async () => {
    const created = await create({ amount: '150.00' });
    const back = await decide(t.sandbox, created.consentRedirectURL!, 'approve');
    expect(back.searchParams.get('status')).toBe('CONSENT_AUTHORIZED');
    expect(await walk(created.id, 5)).toEqual([
      'CONSENT_AUTHORIZED',
      'PAYMENT_PENDING',
      'PAYMENT_READY_FOR_SETTLEMENT',
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_COMPLETED',
    ]);
    const status = await statusOf(created.id);
    expect(status).not.toHaveProperty('consentRedirectURL');
  });

  it.each(['http://shop.example:99999/back?order=1#top', 'http://[v1.shop]/back'])(
    'sends the person back to a redirectURL the spec allows but WHATWG URL refuses (%s)',
    async (redirectURL) => {
      const created = await create({ redirectURL });
      const page = await fetch(created.consentRedirectURL!);
      const formToken = /name="formToken" value="([^"]+)"/.exec(await page.text())![1]!;
      const answer = await fetch(created.consentRedirectURL!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ formToken, decision: 'approve' }).toString(),
        redirect: 'manual',
      });
      expect(answer.status).toBe(303);
      const [base, fragment = ''] = redirectURL.split('#');
      expect(answer.headers.get('location')).toBe(
        `${base}${base!.includes('?') ? '&' : '?'}paymentId=${created.id}&status=CONSENT_AUTHORIZED${fragment ? `#${fragment}` : ''}`,
      );
    },
  );

  it('rejects: CONSENT_REJECTED with the user-rejected reason', async () => {
    const created = await create();
    const back = await decide(t.sandbox, created.consentRedirectURL!, 'reject');
    expect(back.searchParams.get('status')).toBe('CONSENT_REJECTED');
    expect(await statusOf(created.id)).toMatchObject({
      status: 'CONSENT_REJECTED',
      statusReason: { code: 'REJEITADO_USUARIO' },
    });
  });

  it('opens once: the second visit is refused', async () => {
    const created = await create();
    expect((await fetch(created.consentRedirectURL!)).status).toBe(200);
    const again = await fetch(created.consentRedirectURL!);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
  });

  it('expires 60 seconds after the create', async () => {
    const created = await create();
    t.sandbox.clock.advance(61_000);
    const late = await fetch(created.consentRedirectURL!);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');
  });

  it('refuses a forged decision', async () => {
    const created = await create();
    const response = await fetch(created.consentRedirectURL!.replace(/authorize\/.*/, 'authorize/forged'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'formToken=x&decision=approve',
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect((await statusOf(created.id)).status).toBe('CONSENT_AWAITING_AUTHORIZATION');
  });

  it('escapes what the merchant sent, so the page cannot be scripted', async () => {
    const created = await create({
      creditorAccount: {
        ispb: '87654321',
        issuer: '1234',
        number: '12345678',
        accountType: 'CACC',
        holder: { identifier: '44471172000119', name: '<script>alert(1)</script>', identifierType: 'CNPJ' },
      },
    });
    const html = await (await fetch(created.consentRedirectURL!)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('time-outs on the sandbox clock', () => {
  it('rejects a consent nobody answers within 60 minutes', async () => {
    const created = await create();
    t.sandbox.clock.advance(59 * 60_000);
    expect((await statusOf(created.id)).status).toBe('CONSENT_AWAITING_AUTHORIZATION');
    t.sandbox.clock.advance(60_000);
    expect(await statusOf(created.id)).toMatchObject({
      status: 'CONSENT_REJECTED',
      statusReason: { code: 'TEMPO_EXPIRADO_AUTORIZACAO' },
    });
  });
});

describe('magic amounts reach every documented status', () => {
  it.each([
    ['0.01', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_REJECTED'], 'SALDO_INSUFICIENTE'],
    ['0.02', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_REJECTED'], 'PAGAMENTO_RECUSADO_DETENTORA'],
    ['0.03', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'ERROR'], 'FALHA_INFRAESTRUTURA'],
    [
      '0.05',
      [
        'CONSENT_AUTHORIZED',
        'PAYMENT_PENDING',
        'PAYMENT_SCHEDULED',
        'PAYMENT_READY_FOR_SETTLEMENT',
        'PAYMENT_SETTLEMENT_PROCESSING',
        'PAYMENT_COMPLETED',
      ],
      undefined,
    ],
    [
      '0.06',
      [
        'CONSENT_AUTHORIZED',
        'PAYMENT_PENDING',
        'PAYMENT_SETTLEMENT_PROCESSING',
        'PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT',
        'PAYMENT_COMPLETED',
      ],
      undefined,
    ],
    ['0.07', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'EXPIRED'], 'TEMPO_EXPIRADO_CONSUMO'],
  ])('amount %s walks %j', async (amount, statuses, reason) => {
    const created = await create({ amount });
    await decide(t.sandbox, created.consentRedirectURL!, 'approve');
    expect(await walk(created.id, 7)).toEqual(statuses);
    const final = await statusOf(created.id);
    if (reason) expect(final.statusReason?.code).toBe(reason);
  });

  it('amount .04 waits for more approvers, then is rejected after 24 hours', async () => {
    const created = await create({ amount: '10.04' });
    await decide(t.sandbox, created.consentRedirectURL!, 'approve');
    t.sandbox.clock.advance(2000);
    expect((await statusOf(created.id)).status).toBe('PAYMENT_PARTIALLY_ACCEPTED');
    t.sandbox.clock.advance(24 * 3600_000);
    expect(await statusOf(created.id)).toMatchObject({
      status: 'PAYMENT_REJECTED',
      statusReason: { code: 'TEMPO_EXPIRADO_AUTORIZACAO' },
    });
  });

  it('amount .22 is refused at create with 422', async () => {
    const { error } = await t.client.POST(CREATE, { body: instantBody({ amount: '5.22' }) as never });
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toMatch(/exceeds the limit/);
  });

  it('amount .29 is refused once with 429 and Retry-After, and a retry after it then succeeds', async () => {
    const body = instantBody({ amount: '5.29' });
    const first = await t.raw(CREATE, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, clientRequestId: key() }),
    });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    // Refused once per clientRequestId: this one's first attempt too. The retry waits as told.
    const refused = await t.client.POST(CREATE, { body: body as never });
    expect(refused.error?.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toBe('1');
    await sleep(1000);
    const { data, response } = await t.client.POST(CREATE, { body: body as never });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('CONSENT_AWAITING_AUTHORIZATION');
  });

  it.each([
    ['5.41', 4101],
    ['5.42', 4102],
    ['5.43', 4103],
    ['5.44', 4104],
  ])('a PIX_QRCODE of %s is refused with 416 and business code %i', async (amount, code) => {
    const { error } = await t.client.POST(CREATE, {
      body: instantBody({ amount }, 'InstantPaymentPixQrCodeRequest') as never,
    });
    expect(error?.status).toBe(416);
    expect(error?.body).toMatchObject({ statusCode: code, error: 'Business Error' });
  });
});

describe('cancel', () => {
  const cancelBody = { cancelledBy: '11111111111', identifierType: 'CPF' } as const;

  it('cancels while awaiting authorization, recording who cancelled', async () => {
    const created = await create();
    const { data } = await t.client.POST(CANCEL, {
      params: { path: { id: created.id } },
      body: cancelBody,
      throwOnError: true,
    });
    expect(data).toMatchObject({
      status: 'CANCELED',
      cancellation: { cancelledFrom: 'MERCHANT', cancelledBy: { identifierType: 'CPF', identifier: '11111111111' } },
    });
    // The bank page of a cancelled payment has nothing to authorize.
    expect((await fetch(created.consentRedirectURL!)).status).toBe(409);
  });

  it('cancels a pending payment, which then stays cancelled', async () => {
    const created = await create();
    await decide(t.sandbox, created.consentRedirectURL!, 'approve');
    t.sandbox.clock.advance(1000);
    expect((await statusOf(created.id)).status).toBe('PAYMENT_PENDING');
    await t.client.POST(CANCEL, { params: { path: { id: created.id } }, body: cancelBody, throwOnError: true });
    t.sandbox.clock.advance(10_000);
    expect((await statusOf(created.id)).status).toBe('CANCELED');
  });

  it('refuses with 422 once the payment is settled, naming the cancellable statuses', async () => {
    const created = await create();
    await decide(t.sandbox, created.consentRedirectURL!, 'approve');
    t.sandbox.clock.advance(5000);
    const { error } = await t.client.POST(CANCEL, { params: { path: { id: created.id } }, body: cancelBody });
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.status).toBe(422);
    expect(error?.body?.message).toBe(
      `payment ${created.id} is PAYMENT_COMPLETED and can no longer be cancelled; it can be cancelled while STARTED, CONSENT_AWAITING_AUTHORIZATION, CONSENT_AUTHORIZED, PAYMENT_PARTIALLY_ACCEPTED, PAYMENT_PENDING, PAYMENT_SCHEDULED`,
    );
  });

  it('refuses a second cancel (use after cancel)', async () => {
    const created = await create();
    await t.client.POST(CANCEL, { params: { path: { id: created.id } }, body: cancelBody, throwOnError: true });
    const { error } = await t.client.POST(CANCEL, { params: { path: { id: created.id } }, body: cancelBody });
    expect(error?.status).toBe(422);
  });
});

describe('whitelabel payment links', () => {
  it('create a payment from the credentials in the body and return its page and a token', async () => {
    const { customer, ...payment } = instantBody();
    const { data } = await t.client.POST('/payment/customer/v1/instant/payment-links', {
      body: {
        accessKey: 'sandbox-customer-key',
        secretKey: 'sandbox-customer-secret',
        payment: { ...payment, customer },
      } as never,
      throwOnError: true,
    });
    expect(data.paymentURL).toMatch(/\/sandbox\/bank\/authorize\//);
    const status = await fetch(`${t.sandbox.url}/payment/customer/v1/instant/payments/${data.id}/status`, {
      headers: { authorization: `Bearer ${data.accessToken}` },
    });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { status: string }).status).toBe('CONSENT_AWAITING_AUTHORIZATION');
  });

  it('refuse wrong credentials with 401', async () => {
    const { clientMetadata: _dropped, ...payment } = instantBody();
    const { error } = await t.client.POST('/payment/customer/v1/instant/payment-links', {
      body: { accessKey: 'sandbox-customer-key', secretKey: 'wrong', payment } as never,
    });
    expect(error?.status).toBe(401);
  });
});

describe('polling the status against the sandbox', () => {
  it('follows a payment to PAYMENT_COMPLETED while the clock runs', async () => {
    const created = await create();
    await decide(t.sandbox, created.consentRedirectURL!, 'approve');
    const ticking = setInterval(() => t.sandbox.clock.advance(1000), 5);
    try {
      const final = await poll(() => statusOf(created.id), isTerminal('InstantPaymentStatus'), {
        intervalMs: 5,
        timeoutMs: 10_000,
      });
      expect(final.status).toBe('PAYMENT_COMPLETED');
    } finally {
      clearInterval(ticking);
    }
  });
});
