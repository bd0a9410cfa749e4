// requested_answer: a documented answer asked for with `Prefer: code=NNN` comes back, from a server
// that lists it among the answers it gives on request (GET /__sandbox/answers). Called by the
// answers suite; the response checks judge the answer's body and headers as they judge every other.
import { suiteCheck } from './define.js';

export interface RequestedAnswerInput {
  /** The documented status asked for. */
  asked: number;
  /** The status that came back. */
  status: number;
}

export const requestedAnswer = suiteCheck({
  name: 'requested_answer',
  label: 'on request',
  description: 'a documented answer asked for with Prefer: code=NNN comes back',
  judge: ({ asked, status }: RequestedAnswerInput, outcome) =>
    status === asked
      ? outcome.pass()
      : outcome.fail(
          `asked for ${asked} with Prefer: code=${asked}, which the server lists among its answers on request; got ${status}`,
        ),
});
