// response_headers_conformance (Schemathesis's): the headers the operation requires for the status
// are present, and every documented header sent validates against its schema.
import { responseCheck } from './define.js';
import { documentedAnswer } from './documented.js';

export const responseHeadersConformance = responseCheck({
  name: 'response_headers_conformance',
  label: 'headers',
  description: 'required headers are present, and documented ones fit their schema',
  judge: (input, outcome) => {
    const answer = documentedAnswer(input);
    if (!answer) return undefined;
    const { operation, response, documented } = answer;
    if (!documented) return outcome.skip('the status is not documented');
    const headers = operation.responseHeaders[documented] ?? [];
    const missing = headers
      .filter((h) => h.required && response.headers[h.name.toLowerCase()] === undefined)
      .map((h) => h.name);
    if (missing.length > 0)
      return outcome.fail(
        `required header${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the ${response.status} response`,
      );
    for (const header of headers) {
      const raw = response.headers[header.name.toLowerCase()];
      if (raw === undefined || !header.schemaPointer) continue;
      // A header is text on the wire; read it as the schema's type first, as Schemathesis does.
      const type = input.spec.validator.typeAt(header.schemaPointer);
      const value = (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
      const validation = input.spec.validator.validate(header.schemaPointer, value, `header ${header.name}`);
      if (!validation.valid) return outcome.fail(`${validation.message} (got ${JSON.stringify(raw)})`);
    }
    return outcome.pass();
  },
});
