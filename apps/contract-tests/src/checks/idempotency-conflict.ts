// idempotency_conflict: a create sent again with a clientRequestId already used gets 409, so that a
// merchant's retry cannot pay twice. Called by the idempotency suite.
import { quote } from '../quote.js';
import { suiteCheck } from './define.js';

export type IdempotencyConflictInput =
  /** The first request, which must succeed for the replay to mean anything. */
  | { step: 'first'; status: number; error: unknown }
  /** The same request, with the same clientRequestId, sent again. */
  | { step: 'replay'; status: number };

export const idempotencyConflict = suiteCheck({
  name: 'idempotency_conflict',
  label: 'idempotency',
  description: 'a create sent again with the same clientRequestId gets 409',
  judge: (input: IdempotencyConflictInput, outcome) => {
    if (input.step === 'first')
      return input.status === 200
        ? outcome.pass()
        : outcome.fail(`the first request must succeed to test a replay: got ${input.status} ${quote(input.error)}`);
    return input.status === 409
      ? outcome.pass()
      : outcome.fail(`the same clientRequestId sent again: expected 409, got ${input.status}`);
  },
});
