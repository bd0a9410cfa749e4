// response_schema_conformance (Schemathesis's): a JSON body validates against the schema the
// operation documents for the status.
import { responseCheck } from './define.js';
import { documentedAnswer } from './documented.js';

export const responseSchemaConformance = responseCheck({
  name: 'response_schema_conformance',
  label: 'schema',
  description: 'the body validates against the schema documented for the status',
  judge: (input, outcome) => {
    const answer = documentedAnswer(input);
    if (!answer) return undefined;
    const { operation, response, documented } = answer;
    if (!documented) return outcome.skip('the status is not documented');
    const pointer = operation.responsePointers[documented];
    if (!pointer) return outcome.skip('the status documents no JSON body');
    if (!/json/.test(response.headers['content-type'] ?? '')) return outcome.skip('the response is not JSON');
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return outcome.fail(`the body is not valid JSON: ${JSON.stringify(response.body.slice(0, 80))}`);
    }
    const validation = input.spec.validator.validate(pointer, body, 'response');
    return validation.valid ? outcome.pass() : outcome.fail(`${validation.message} (schema ${pointer})`);
  },
});
