import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boot, decide, instantBody, type Booted } from './support/harness.js';

let t: Booted;
beforeEach(async () => (t = await boot()));
afterEach(() => t.stop());

const CREATE = '/payment/customer/v1/instant/payments';
const STATUS = '/payment/customer/v1/instant/payments/{id}/status';

describe('instant payment: happy path', () => {
  it('creates, is approved at the bank, and settles on the sandbox clock', async () => {
    const body = instantBody();
    const { data, error } = await t.client.POST(CREATE, { body });
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ clientRequestId: body.clientRequestId, amount: body.amount, status: 'CONSENT_AWAITING_AUTHORIZATION' });
    const back = await decide(t.sandbox, data!.consentRedirectURL!, 'approve');
    expect(back.origin + back.pathname).toBe(body.redirectURL);
    expect(back.searchParams.get('paymentId')).toBe(data!.id);
    expect(back.searchParams.get('status')).toBe('CONSENT_AUTHORIZED');
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { data: status } = await t.client.GET(STATUS, { params: { path: { id: data!.id } } });
      seen.push(status!.status);
      t.sandbox.clock.advance(1000);
    }
    expect(seen).toEqual(['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_READY_FOR_SETTLEMENT', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED']);
    const { data: payment } = await t.client.GET('/payment/customer/v1/instant/payments/{id}', { params: { path: { id: data!.id } } });
    expect(payment).toMatchObject({ id: data!.id, status: 'PAYMENT_COMPLETED', initType: 'PIX_MANU' });
    expect(payment!.endToEndId).toMatch(/^E\d{8}202611211200/);
  });
});
