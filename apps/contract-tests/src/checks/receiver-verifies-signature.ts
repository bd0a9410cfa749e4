// receiver_verifies_signature: an event whose X-Klavi-Signature is wrong (one hex digit flipped) or
// missing is refused with a non-2xx: anyone can POST to a receiver's URL, and only the HMAC of the
// body, keyed with the merchant's secretKey, says Klavi sent it. Called by the webhooks run.
import { acknowledged, describeAnswer, type ReceiverAnswer } from '../webhooks/answer.js';
import { receiverCheck } from './define.js';

export interface ReceiverVerifiesSignatureInput {
  forgery: 'flipped-digit' | 'missing';
  answer: ReceiverAnswer;
}

const FORGERIES: Record<ReceiverVerifiesSignatureInput['forgery'], string> = {
  'flipped-digit': 'an event whose X-Klavi-Signature has one hex digit flipped',
  missing: 'an event without X-Klavi-Signature',
};

export const receiverVerifiesSignature = receiverCheck({
  name: 'receiver_verifies_signature',
  label: 'signature',
  description: 'an event with a wrong or missing X-Klavi-Signature gets a non-2xx',
  judge: ({ forgery, answer }: ReceiverVerifiesSignatureInput, outcome) => {
    const what = FORGERIES[forgery];
    if ('error' in answer)
      return outcome.fail(`${what} must be refused with a non-2xx answer: got ${describeAnswer(answer)}`);
    if (!acknowledged(answer)) return outcome.pass();
    return outcome.fail(
      `${what} was acknowledged with ${answer.status}: compute the HMAC-SHA256 of the raw body keyed with your secretKey, compare it with X-Klavi-Signature in constant time, and refuse the event with a non-2xx when they differ or the header is missing`,
    );
  },
});
