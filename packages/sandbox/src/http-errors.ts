// What the sandbox answers to a request that is not valid HTTP, before Fastify sees a request:
// Node's parser (llhttp) rejects it, and the answer is written to the socket by hand. It is the
// spec's error body with a message that says what was wrong, not Node's bare "Bad Request".
import type { Socket } from 'node:net';
import { errorBody } from './errors.js';

/** Node's default header limit; a larger block of headers is refused by the parser. */
export const MAX_HEADER_BYTES = 16 * 1024;

// llhttp's codes are coarse (a duplicate Content-Length is HPE_UNEXPECTED_CONTENT_LENGTH, CL with
// TE is HPE_INVALID_CONTENT_LENGTH), so its `reason` is read first, then the code.
const PARSER_REASONS: Array<[RegExp, string]> = [
  [/duplicate content-length/i, 'Content-Length is sent more than once'],
  [
    /content-length can't be present with transfer-encoding/i,
    'the request has both Content-Length and Transfer-Encoding; send only one',
  ],
  [/invalid character in content-length/i, 'Content-Length is not a number'],
];

const PARSER_ERRORS: Record<string, string> = {
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length does not fit the request (sent twice, or with Transfer-Encoding)',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number, or does not fit the request',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is not one HTTP/1.1 understands (chunked must come last)',
  HPE_INVALID_CHUNK_SIZE: 'a chunk of the chunked body has an invalid size',
  HPE_INVALID_METHOD: 'the request method is not an HTTP method',
  HPE_INVALID_URL: 'the request target is not a valid URL path',
  HPE_INVALID_VERSION: 'the HTTP version is not HTTP/1.0 or HTTP/1.1',
  HPE_INVALID_HEADER_TOKEN:
    'a header name or value has a character HTTP does not allow (a NUL or another control character)',
  HPE_INVALID_CONSTANT: 'the request line is malformed',
  HPE_LF_EXPECTED: 'a line of the request does not end with CRLF',
  HPE_CR_EXPECTED: 'a line of the request does not end with CRLF',
  HPE_HEADER_OVERFLOW: `the request headers are larger than the ${MAX_HEADER_BYTES} bytes the sandbox reads`,
};

/** The message for a parser error: what was wrong, in words, with llhttp's code for searching. */
export function parserErrorMessage(error: ParserError): string {
  const reason = typeof error.reason === 'string' ? error.reason : '';
  const known =
    PARSER_REASONS.find(([pattern]) => pattern.test(reason))?.[1] ??
    (error.code ? PARSER_ERRORS[error.code] : undefined);
  return `the request is not valid HTTP: ${known ?? (reason || error.message || 'it could not be parsed')}${error.code ? ` (${error.code})` : ''}`;
}

type ParserError = Error & { code?: string; reason?: unknown };

/** Fastify's clientErrorHandler: answer 400 with the spec's error body, then close the connection. */
export function answerClientError(error: ParserError, socket: Socket): void {
  // The client went away: there is nobody to answer.
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(errorBody(400, parserErrorMessage(error)));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
