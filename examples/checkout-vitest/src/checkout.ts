// A merchant's Pix checkout, as an integration would write it: start a payment for an order and
// send the payer to their bank, then learn how it ended. It knows nothing of the sandbox; the
// tests point it at one (test/checkout.test.ts), production at Klavi.
import {
  awaitPaymentStatus,
  KlaviApiError,
  KlaviWaitError,
  type InstantPaymentRequest,
  type KlaviClient,
} from '@klavi-pay/client';

export interface Order {
  /** The shop's own order id: the idempotency key, so a retried checkout never charges twice. */
  id: string;
  amount: string;
  payer: { cpf: string; name: string };
  /** The shop's Pix key, where the money goes. */
  pixKey: string;
}

export type Outcome = { paid: true; endToEndId?: string } | { paid: false; status: string; reason?: string };

export interface CheckoutOptions {
  /** Where the bank sends the payer back. */
  returnUrl: string;
  /** Which bank the payer chose (an institutionId from Klavi's list). */
  institutionId: string;
  /** How long to wait for the bank and the settlement. Default 10 minutes. */
  timeoutMs?: number;
  intervalMs?: number;
}

export function createCheckout(klavi: KlaviClient<true>, options: CheckoutOptions) {
  return {
    /** Starts the payment of `order`; send the payer's browser to `payUrl`. */
    async start(order: Order): Promise<{ paymentId: string; payUrl: string }> {
      const body: InstantPaymentRequest = {
        clientRequestId: order.id,
        institutionId: options.institutionId,
        initType: 'PIX_DICT',
        proxy: order.pixKey,
        customer: { identifierType: 'CPF', identifier: order.payer.cpf, name: order.payer.name },
        amount: order.amount,
        currency: 'BRL',
        redirectURL: `${options.returnUrl}?order=${encodeURIComponent(order.id)}`,
        clientMetadata: { platform: 'BROWSER', os: 'LINUX', osVersion: 'N/A' },
      };
      const { data } = await klavi.POST('/payment/customer/v1/instant/payments', { body });
      if (!data.consentRedirectURL)
        throw new Error(`payment ${data.id} is ${data.status}: there is no bank page to send the payer to`);
      return { paymentId: data.id, payUrl: data.consentRedirectURL };
    },

    /** Waits until the payment can no longer change, and says whether the order is paid. */
    async outcome(paymentId: string): Promise<Outcome> {
      try {
        const status = await awaitPaymentStatus(klavi, paymentId, {
          timeoutMs: options.timeoutMs ?? 600_000,
          intervalMs: options.intervalMs ?? 2000,
        });
        if (status.status !== 'PAYMENT_COMPLETED')
          return {
            paid: false,
            status: status.status,
            ...(status.statusReason ? { reason: status.statusReason.code } : {}),
          };
        const { data } = await klavi.GET('/payment/customer/v1/instant/payments/{id}', {
          params: { path: { id: paymentId } },
        });
        return { paid: true, ...(data.endToEndId ? { endToEndId: data.endToEndId } : {}) };
      } catch (error) {
        if (error instanceof KlaviWaitError && error.reason === 'timeout')
          return { paid: false, status: 'PENDING_TOO_LONG' };
        throw error;
      }
    },

    /** Gives up on a payment the payer has not finished; false when it can no longer be cancelled. */
    async cancel(paymentId: string, by: { cpf: string }): Promise<boolean> {
      try {
        await klavi.POST('/payment/customer/v1/instant/payments/{id}/cancel', {
          params: { path: { id: paymentId } },
          body: { cancelledBy: by.cpf, identifierType: 'CPF' },
        });
        return true;
      } catch (error) {
        if (error instanceof KlaviApiError && error.status === 422) return false;
        throw error;
      }
    },
  };
}
