// receiver_refuses_stale: an event correctly signed but whose X-Klavi-Timestamp is far in the past
// (an hour) is refused with a non-2xx, so that a delivery someone recorded cannot be played back
// later. Klavi stamps every delivery, resends included, with the time it is sent. Called by the
// webhooks run.
import { acknowledged, describeAnswer, type ReceiverAnswer } from '../webhooks/answer.js';
import { receiverCheck } from './define.js';

export interface ReceiverRefusesStaleInput {
  /** How old the delivery's X-Klavi-Timestamp was. */
  ageSeconds: number;
  answer: ReceiverAnswer;
}

export const receiverRefusesStale = receiverCheck({
  name: 'receiver_refuses_stale',
  label: 'stale',
  description: 'a correctly signed event with an hour-old X-Klavi-Timestamp gets a non-2xx',
  judge: ({ ageSeconds, answer }: ReceiverRefusesStaleInput, outcome) => {
    const what = `an event correctly signed, with an X-Klavi-Timestamp ${ageSeconds} s old,`;
    if ('error' in answer)
      return outcome.fail(`${what} must be refused with a non-2xx answer: got ${describeAnswer(answer)}`);
    if (!acknowledged(answer)) return outcome.pass();
    return outcome.fail(
      `${what} was acknowledged with ${answer.status}: refuse a delivery whose X-Klavi-Timestamp (Unix seconds) is further than a few minutes (five is usual) from your clock`,
    );
  },
});
