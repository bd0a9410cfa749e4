// The checkout's webhook receiver: Klavi POSTs an event for each status change of a payment (see
// the spec's webhooks). It verifies each over the raw body with the app's secretKey, ignores an
// eventId it has already processed (Klavi resends until it gets a 2xx), and settles the order once
// the payment can no longer change, so the shop learns the outcome without polling.
import { verifyKlaviEvent, KlaviEventVerificationError, type KlaviEvent } from '@klavi-pay/client';
import type { Outcome } from './checkout.js';

/** The statuses after which an instant payment no longer changes. */
const FINAL = new Set(['PAYMENT_COMPLETED', 'PAYMENT_REJECTED', 'CONSENT_REJECTED', 'CANCELED', 'ERROR', 'EXPIRED']);

export interface EventReceiverOptions {
  /** The app's secretKey: the key events are signed with. */
  secretKey: string;
}

export function createEventReceiver(options: EventReceiverOptions) {
  /** eventIds already processed; a real shop keeps them in its database. */
  const processed = new Set<string>();
  const outcomes = new Map<string, Outcome>();
  const waiting = new Map<string, Array<(outcome: Outcome) => void>>();

  function settle(event: Extract<KlaviEvent, { eventName: 'instant_payment.status_changed' }>): void {
    const { id, status, statusReason } = event.data;
    if (!FINAL.has(status) || outcomes.has(id)) return;
    const outcome: Outcome =
      status === 'PAYMENT_COMPLETED'
        ? { paid: true }
        : { paid: false, status, ...(statusReason ? { reason: statusReason.code } : {}) };
    outcomes.set(id, outcome);
    for (const resolve of waiting.get(id) ?? []) resolve(outcome);
    waiting.delete(id);
  }

  return {
    /**
     * Handles one delivery as a fetch-style route would: the raw body and the headers in, the
     * status to answer out. 401 for an event that is not Klavi's; 2xx for everything else, a
     * repeat included, so Klavi stops resending.
     */
    async receive(rawBody: string, headers: Headers): Promise<{ status: number; processed: boolean }> {
      let event: KlaviEvent;
      try {
        event = await verifyKlaviEvent(rawBody, headers, options.secretKey);
      } catch (error) {
        if (error instanceof KlaviEventVerificationError)
          return { status: error.reason === 'malformed' ? 200 : 401, processed: false };
        throw error;
      }
      if (processed.has(event.eventId)) return { status: 200, processed: false };
      processed.add(event.eventId);
      if (event.eventName === 'instant_payment.status_changed') settle(event);
      return { status: 200, processed: true };
    },

    /** The outcome of a payment, once an event says it can no longer change. */
    outcome(paymentId: string): Promise<Outcome> {
      const known = outcomes.get(paymentId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiting.set(paymentId, [...(waiting.get(paymentId) ?? []), resolve]));
    },
  };
}
