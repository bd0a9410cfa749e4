// receiver_acknowledges: a valid event, correctly signed and timestamped now, gets a 2xx within the
// delivery timeout: Klavi counts anything else as a failed delivery and sends the event again.
// Called by the webhooks run, for each event name of the spec.
import { acknowledged, describeAnswer, type ReceiverAnswer } from '../webhooks/answer.js';
import { receiverCheck } from './define.js';

export interface ReceiverAcknowledgesInput {
  /** What was delivered, for the message: `a new event`, `the first delivery of an event sent twice`. */
  delivery: string;
  answer: ReceiverAnswer;
}

/** Why a valid event may be refused with a 4xx: the signature was computed over something else. */
const VERIFY_HINT =
  'verify X-Klavi-Signature over the raw body bytes as received, not over re-serialized JSON (klavi-contract sends the body indented and with non-ASCII characters escaped, so only the raw bytes match), keyed with the secretKey given to --secret-key';

export const receiverAcknowledges = receiverCheck({
  name: 'receiver_acknowledges',
  label: 'acknowledges',
  description: 'a valid, correctly signed event gets a 2xx within the delivery timeout',
  judge: ({ delivery, answer }: ReceiverAcknowledgesInput, outcome) => {
    if (acknowledged(answer)) return outcome.pass();
    const got = describeAnswer(answer);
    if ('error' in answer)
      return outcome.fail(
        `${delivery}, valid and correctly signed: ${got}. Klavi counts an event not acknowledged with a 2xx within 10 s as a failed delivery and sends it again`,
      );
    const hint = answer.status >= 400 && answer.status <= 499 ? `; ${VERIFY_HINT}` : '';
    return outcome.fail(`${delivery}, valid and correctly signed, must be acknowledged with a 2xx: got ${got}${hint}`);
  },
});
