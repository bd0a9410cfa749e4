// content_type_conformance (Schemathesis's): the Content-Type is well-formed and documented for the
// status, and JSON is UTF-8.
import { responseCheck } from './define.js';
import { documentedAnswer } from './documented.js';

const essence = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

export const contentTypeConformance = responseCheck({
  name: 'content_type_conformance',
  label: 'content-type',
  description: 'a documented, well-formed Content-Type for the status; JSON in UTF-8',
  judge: (input, outcome) => {
    const answer = documentedAnswer(input);
    if (!answer) return undefined;
    const { operation, response, documented } = answer;
    if (!documented) return outcome.skip('the status is not documented');
    const mediaTypes = operation.responseMediaTypes[documented] ?? [];
    const contentType = response.headers['content-type'];
    if (response.body === '' && mediaTypes.length === 0) return outcome.pass();
    if (mediaTypes.length === 0)
      return outcome.fail(
        `status ${response.status} documents no body, but the response has one (${contentType ?? 'no Content-Type'})`,
      );
    if (!contentType) return outcome.fail(`the response has no Content-Type; documented: ${mediaTypes.join(', ')}`);
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(essence(contentType)))
      return outcome.fail(`Content-Type "${contentType}" is malformed`);
    if (!mediaTypes.some((m) => essence(m) === essence(contentType))) {
      return outcome.fail(
        `Content-Type ${essence(contentType)} is not documented for status ${response.status} (documented: ${mediaTypes.join(', ')})`,
      );
    }
    // RFC 8259 §8.1: JSON exchanged between systems is UTF-8; a charset parameter may only say so.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
    if (/json/.test(essence(contentType)) && charset && charset.toLowerCase() !== 'utf-8') {
      return outcome.fail(
        `Content-Type "${contentType}" declares charset ${charset}: JSON must be UTF-8 (RFC 8259 §8.1)`,
      );
    }
    return outcome.pass();
  },
});
