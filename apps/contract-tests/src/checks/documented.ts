// What the conformance checks judge a response by: the entry its operation documents for the
// status, and only for a complete answer to a request that matched an operation.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import type { RecordedRequest, RecordedResponse } from '../exchange.js';
import type { ResponseInput } from './define.js';

/** The documented response entry for a status: exact, then `4XX`-style ranges, then `default`. */
export function documentedStatus(operation: SpecOperation, status: number): string | undefined {
  const keys = Object.keys(operation.responsePointers);
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => keys.includes(key));
}

/**
 * The answer a conformance check judges, or undefined when there is none: an answer that did not
 * arrive whole is judged once, by not_a_server_error, by what went wrong (checking half a body
 * against the schema would only add noise), and a request to an undeclared method or an unknown
 * path has no documented responses to conform to.
 */
export function documentedAnswer({ exchange, operation }: ResponseInput): DocumentedAnswer | undefined {
  if (exchange.error !== undefined || !exchange.response || !operation) return undefined;
  const response = exchange.response;
  return { operation, response, documented: documentedStatus(operation, response.status) };
}

export interface DocumentedAnswer {
  operation: SpecOperation;
  response: RecordedResponse;
  /** The response entry the operation documents for the status (`documentedStatus`), if any. */
  documented: string | undefined;
}

/** The status a request asked for with `Prefer: code=NNN` (the answers suite sends it), if any. */
export function askedStatus(request: RecordedRequest): number | undefined {
  const prefer = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'prefer')?.[1];
  const code = prefer === undefined ? undefined : /(?:^|,)\s*code\s*=\s*"?(\d{3})"?/i.exec(prefer)?.[1];
  return code === undefined ? undefined : Number(code);
}
