// status_code_conformance (Schemathesis's): the status is one the operation documents.
import { responseCheck } from './define.js';
import { documentedAnswer } from './documented.js';

export const statusCodeConformance = responseCheck({
  name: 'status_code_conformance',
  label: 'status',
  description: 'the status is documented for the operation',
  judge: (input, outcome) => {
    const answer = documentedAnswer(input);
    if (!answer) return undefined;
    const { operation, response } = answer;
    if (answer.documented) return outcome.pass();
    const documented = Object.keys(operation.responsePointers).join(', ');
    const location = response.status >= 300 && response.status < 400 ? response.headers.location : undefined;
    // klavi-contract does not follow redirects: say where this one pointed, so a wrong --base-url shows.
    const redirect =
      location === undefined ? '' : `; it redirects to ${location}, and klavi-contract does not follow redirects`;
    return outcome.fail(
      `status ${response.status} is not documented for ${operation.operationId} (documented: ${documented})${redirect}`,
    );
  },
});
