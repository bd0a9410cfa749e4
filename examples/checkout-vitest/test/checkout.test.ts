// The checkout against the sandbox simulator, offline: a frozen clock that the test moves, the
// bank page driven as the payer's browser would, and magic amounts for the unhappy paths
// (GET /__sandbox/scenarios lists them).
import { createKlaviClient } from '@klavi-pay/client';
import { startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckout, type Order } from '../src/checkout.js';

let sandbox: Sandbox;
let checkout: ReturnType<typeof createCheckout>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, clock: new Date('2026-11-21T12:00:00Z') });
  const klavi = createKlaviClient({
    baseUrl: sandbox.url,
    credentials: { accessKey: 'sandbox-customer-key', secretKey: 'sandbox-customer-secret' },
    throwOnError: true,
  });
  checkout = createCheckout(klavi, {
    returnUrl: 'https://shop.example/pix/return',
    institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
    intervalMs: 5,
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  await sandbox.close();
  // The sandbox checks its own answers against the spec: none may have broken it.
  expect(sandbox.violations).toEqual([]);
});

let orders = 0;
const order = (amount: string): Order => ({
  id: `order-${++orders}-${Date.now()}`,
  amount,
  payer: { cpf: '76109277673', name: 'João Silva' },
  pixKey: '+5561988887777',
});

/** What the payer does at the bank: open the page and press a button. Returns where they land. */
async function atTheBank(payUrl: string, decision: 'approve' | 'reject'): Promise<URL> {
  const page = await (await fetch(payUrl)).text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(page)![1]!;
  const answer = await fetch(payUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision }),
    redirect: 'manual',
  });
  return new URL(answer.headers.get('location')!);
}

/** Lets sandbox time pass while `outcome` polls: the sandbox settles one status per sandbox second. */
async function settled<T>(outcome: Promise<T>): Promise<T> {
  const ticking = setInterval(() => sandbox.clock.advance(1000), 2);
  try {
    return await outcome;
  } finally {
    clearInterval(ticking);
  }
}

describe('the checkout', () => {
  it('is paid once the payer approves at the bank', async () => {
    const { paymentId, payUrl } = await checkout.start(order('120.00'));
    const back = await atTheBank(payUrl, 'approve');
    expect(back.origin + back.pathname).toBe('https://shop.example/pix/return');
    expect(back.searchParams.get('paymentId')).toBe(paymentId);
    const outcome = await settled(checkout.outcome(paymentId));
    expect(outcome).toMatchObject({ paid: true, endToEndId: expect.stringMatching(/^E\d{8}\d{12}[A-Za-z0-9]{11}$/) });
  });

  it('is not paid when the payer rejects', async () => {
    const { paymentId, payUrl } = await checkout.start(order('120.00'));
    await atTheBank(payUrl, 'reject');
    expect(await checkout.outcome(paymentId)).toEqual({
      paid: false,
      status: 'CONSENT_REJECTED',
      reason: 'REJEITADO_USUARIO',
    });
  });

  it('is not paid when the account has no funds (magic amount .01)', async () => {
    const { paymentId, payUrl } = await checkout.start(order('120.01'));
    await atTheBank(payUrl, 'approve');
    expect(await settled(checkout.outcome(paymentId))).toEqual({
      paid: false,
      status: 'PAYMENT_REJECTED',
      reason: 'SALDO_INSUFICIENTE',
    });
  });

  it('never charges an order twice: a second start of the same order is refused', async () => {
    const once = order('50.00');
    await checkout.start(once);
    await expect(checkout.start(once)).rejects.toMatchObject({ status: 409 });
  });

  it('can give up on a payment the payer has not finished, but not on a settled one', async () => {
    const pending = await checkout.start(order('80.00'));
    expect(await checkout.cancel(pending.paymentId, { cpf: '76109277673' })).toBe(true);
    expect(await checkout.outcome(pending.paymentId)).toMatchObject({ paid: false, status: 'CANCELED' });

    const paid = await checkout.start(order('80.00'));
    await atTheBank(paid.payUrl, 'approve');
    await settled(checkout.outcome(paid.paymentId));
    expect(await checkout.cancel(paid.paymentId, { cpf: '76109277673' })).toBe(false);
  });
});
