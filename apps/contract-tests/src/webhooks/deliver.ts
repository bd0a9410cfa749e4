// One delivery to the receiver, as Klavi makes it: a POST of the raw body with X-Klavi-Signature
// and X-Klavi-Timestamp, through the recorded, bounded transport, so that a receiver that hangs or
// answers without end costs one request timeout and is named for it.
import { TransportFailure } from '../transport/failure.js';
import type { ReceiverAnswer } from './answer.js';

export interface Delivery {
  rawBody: string;
  /** X-Klavi-Signature; left out when undefined. */
  signature: string | undefined;
  /** X-Klavi-Timestamp. */
  timestamp: string;
}

export async function deliver(
  fetch: typeof globalThis.fetch,
  receiver: string,
  delivery: Delivery,
): Promise<ReceiverAnswer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'klavi-contract (webhook receiver certification)',
    'x-klavi-timestamp': delivery.timestamp,
  };
  if (delivery.signature !== undefined) headers['x-klavi-signature'] = delivery.signature;
  try {
    const response = await fetch(receiver, { method: 'POST', headers, body: delivery.rawBody });
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()) };
  } catch (error) {
    // The recorder names every transport failure. Anything else is klavi-contract's own error, not
    // the receiver's answer: it stops the case.
    if (error instanceof TransportFailure) return { error: error.message };
    throw error;
  }
}
