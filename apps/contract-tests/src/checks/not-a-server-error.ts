// not_a_server_error (Schemathesis's): every request gets a complete answer, and not a 5xx. The one
// response check judged on every exchange, including those that got no answer or matched no operation.
import { responseCheck } from './define.js';
import { askedStatus } from './documented.js';

export const notAServerError = responseCheck({
  name: 'not_a_server_error',
  label: 'no 5xx',
  description: 'every request gets a complete answer, and not a 5xx',
  judge: ({ exchange }, outcome) => {
    const { response, error } = exchange;
    // A read the certifier gave up itself (a poll's wait ran out under it) is no answer of the
    // server's to judge: the flow that waited reports the wait (stateful_flow).
    if (exchange.abandoned) return undefined;
    // An answer that did not arrive whole (no answer, a cut or oversized body, a stall) is judged
    // here, once, by what went wrong; the conformance checks leave it alone.
    if (error !== undefined || !response)
      return outcome.fail(response ? `status ${response.status} arrived, but ${error}` : `no response: ${error}`);
    // A 5xx the request asked for (the answers suite's `Prefer: code=503`) is the answer asked for,
    // not a failure of the server's; requested_answer judges that it came.
    if (response.status >= 500 && askedStatus(exchange.request) === response.status) return undefined;
    return response.status >= 500 ? outcome.fail(`the server answered ${response.status}`) : outcome.pass();
  },
});
