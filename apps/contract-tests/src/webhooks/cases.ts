// The cases of the webhooks run, for each event name of the spec, in four suites: a valid event is
// acknowledged; a forged signature (one hex digit flipped, or none) is refused; a stale timestamp
// is refused; the same eventId sent twice is acknowledged twice and processed once. Every event is
// built (and validated) when the cases are planned, before anything is sent.
import type { CaseApi, CaseSpec } from '../runner.js';
import { receiverAcknowledges } from '../checks/receiver-acknowledges.js';
import { receiverIgnoresReplay } from '../checks/receiver-ignores-replay.js';
import { receiverRefusesStale } from '../checks/receiver-refuses-stale.js';
import { receiverVerifiesSignature } from '../checks/receiver-verifies-signature.js';
import type { Spec } from '../spec.js';
import type { ReceiverAnswer } from './answer.js';
import { buildEvent, eventNameOf, InvalidEventError, type WebhookEvent } from './events.js';

/** How old the stale case's X-Klavi-Timestamp is: far past any tolerance a receiver should allow. */
export const STALE_AGE_SECONDS = 3600;

/** How a case's event is signed: correctly, with one hex digit flipped, or not at all. */
export type Signing = 'valid' | 'flipped-digit' | 'missing';

/** Delivers an event, signed as asked and timestamped `ageSeconds` before now (0: now). */
export type Post = (event: WebhookEvent, signing: Signing, ageSeconds?: number) => Promise<ReceiverAnswer>;

export interface ReceiverCase {
  spec: CaseSpec;
  run(t: CaseApi, post: Post): Promise<void>;
}

/** The suites, in the order they run. */
export const WEBHOOK_SUITES = ['acknowledges', 'signature', 'stale', 'replay'] as const;

/** Every case of the run, its events built from the spec and validated: throws InvalidEventError before anything is sent. */
export function receiverCases(spec: Spec): ReceiverCase[] {
  if (spec.webhooks.length === 0)
    throw new InvalidEventError('the spec declares no webhooks: there is no event to certify a receiver with');
  const events = spec.webhooks.map((webhook) => ({
    name: eventNameOf(webhook),
    fresh: () => buildEvent(spec, webhook),
  }));
  const cases: ReceiverCase[] = [];
  for (const { name, fresh } of events) {
    const event = fresh();
    cases.push({
      spec: {
        id: `acknowledges/${name}`,
        suite: 'acknowledges',
        operations: [name],
        checks: [receiverAcknowledges.name],
      },
      run: async (t, post) => {
        t.check(receiverAcknowledges, name, { delivery: 'a new event', answer: await post(event, 'valid') });
      },
    });
  }
  for (const { name, fresh } of events) {
    for (const forgery of ['flipped-digit', 'missing'] as const) {
      const event = fresh();
      cases.push({
        spec: {
          id: `signature/${name}/${forgery}`,
          suite: 'signature',
          operations: [name],
          checks: [receiverVerifiesSignature.name],
        },
        run: async (t, post) => {
          t.check(receiverVerifiesSignature, name, { forgery, answer: await post(event, forgery) });
        },
      });
    }
  }
  for (const { name, fresh } of events) {
    const event = fresh();
    cases.push({
      spec: { id: `stale/${name}`, suite: 'stale', operations: [name], checks: [receiverRefusesStale.name] },
      run: async (t, post) => {
        const answer = await post(event, 'valid', STALE_AGE_SECONDS);
        t.check(receiverRefusesStale, name, { ageSeconds: STALE_AGE_SECONDS, answer });
      },
    });
  }
  for (const { name, fresh } of events) {
    const event = fresh();
    cases.push({
      spec: { id: `replay/${name}`, suite: 'replay', operations: [name], checks: [receiverIgnoresReplay.name] },
      run: async (t, post) => {
        const first = await post(event, 'valid');
        const delivery = 'the first delivery of an event sent twice';
        if (!t.check(receiverAcknowledges, name, { delivery, answer: first })) {
          t.check(receiverIgnoresReplay, name, { step: 'first-not-acknowledged', first });
          return;
        }
        // As Klavi resends: the same body and eventId, with the time of this delivery.
        const second = await post(event, 'valid');
        t.check(receiverIgnoresReplay, name, { step: 'replay', first, second });
      },
    });
  }
  return cases;
}
