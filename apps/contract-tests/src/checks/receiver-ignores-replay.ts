// receiver_ignores_replay: the same event (the same eventId) delivered twice is acknowledged both
// times, and processed once. Klavi resends an event until it gets a 2xx, so a receiver sees
// duplicates in normal operation; refusing one makes Klavi send it again, processing one pays
// twice. Whether a delivery was processed is only visible through the certification hook (the
// Klavi-Event-Processed header, webhooks/answer.ts): without it the check is skipped, never passed.
// Called by the webhooks run.
import {
  acknowledged,
  describeAnswer,
  HOOK_MISSING,
  PROCESSED_HEADER,
  processedOf,
  type ReceiverAnswer,
} from '../webhooks/answer.js';
import { receiverCheck } from './define.js';

export type ReceiverIgnoresReplayInput =
  /** The first delivery was not acknowledged (receiver_acknowledges reports it): a replay means nothing. */
  | { step: 'first-not-acknowledged'; first: ReceiverAnswer }
  /** The same body, with the same eventId, delivered again with a fresh timestamp. */
  | { step: 'replay'; first: ReceiverAnswer; second: ReceiverAnswer };

export const receiverIgnoresReplay = receiverCheck({
  name: 'receiver_ignores_replay',
  label: 'replay',
  description: 'an eventId delivered twice gets a 2xx both times and is processed once',
  judge: (input: ReceiverIgnoresReplayInput, outcome) => {
    if (input.step === 'first-not-acknowledged')
      return outcome.skip(
        `not judged: the first delivery of the event was not acknowledged (${describeAnswer(input.first)}), which receiver_acknowledges reports`,
      );
    const { first, second } = input;
    if (!acknowledged(second))
      return outcome.fail(
        `the same event (the same eventId) delivered again must be acknowledged with a 2xx too: got ${describeAnswer(second)}. Klavi resends an event until it gets a 2xx, so answer a duplicate with a 2xx and do not process it again`,
      );
    const [once, again] = [processedOf(first), processedOf(second)];
    if ('missing' in once && 'missing' in again) return outcome.skip(HOOK_MISSING);
    if ('said' in once && 'said' in again) {
      if (!once.said)
        return outcome.fail(
          `the first delivery of a new eventId answered ${PROCESSED_HEADER}: false: a new event must be processed`,
        );
      if (again.said)
        return outcome.fail(
          `the same eventId was processed twice: both deliveries answered ${PROCESSED_HEADER}: true. Store each eventId you process, and skip (but acknowledge) an event whose eventId is already stored`,
        );
      return outcome.pass();
    }
    // Not both a yes or a no: one answered the hook with something else, or only one answered it.
    for (const [which, said] of [
      ['first', once],
      ['second', again],
    ] as const)
      if ('unreadable' in said)
        return outcome.fail(
          `the ${which} delivery answered ${PROCESSED_HEADER}: ${JSON.stringify(said.unreadable)}; it must be true or false`,
        );
    return outcome.fail(
      `the ${'missing' in once ? 'first' : 'second'} delivery answered no ${PROCESSED_HEADER} header while the other did: answer it on every delivery`,
    );
  },
});
