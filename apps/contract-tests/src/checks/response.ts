// The checks every response gets, whatever case made the request: Schemathesis's
// not_a_server_error, status_code_conformance, content_type_conformance,
// response_schema_conformance and response_headers_conformance, judged against the spec.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import type { Exchange, RecordedResponse } from '../exchange.js';
import type { CheckName, CheckResult } from '../results.js';
import type { Spec } from '../spec.js';

type Verdict = { ok: true } | { ok: false; message: string } | { skip: string };

const pass: Verdict = { ok: true };
const fail = (message: string): Verdict => ({ ok: false, message });
const skip = (reason: string): Verdict => ({ skip: reason });

/** The documented response entry for a status: exact, then `4XX`-style ranges, then `default`. */
export function documentedStatus(operation: SpecOperation, status: number): string | undefined {
  const keys = Object.keys(operation.responsePointers);
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => keys.includes(key));
}

export function notAServerError(response: RecordedResponse): Verdict {
  return response.status >= 500 ? fail(`the server answered ${response.status}`) : pass;
}

export function statusCodeConformance(operation: SpecOperation, response: RecordedResponse): Verdict {
  if (documentedStatus(operation, response.status)) return pass;
  const documented = Object.keys(operation.responsePointers).join(', ');
  const location = response.status >= 300 && response.status < 400 ? response.headers.location : undefined;
  // klavi-contract does not follow redirects: say where this one pointed, so a wrong --base-url shows.
  const redirect = location === undefined ? '' : `; it redirects to ${location}, and klavi-contract does not follow redirects`;
  return fail(`status ${response.status} is not documented for ${operation.operationId} (documented: ${documented})${redirect}`);
}

const essence = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

export function contentTypeConformance(operation: SpecOperation, response: RecordedResponse): Verdict {
  const documented = documentedStatus(operation, response.status);
  if (!documented) return skip('the status is not documented');
  const mediaTypes = operation.responseMediaTypes[documented] ?? [];
  const contentType = response.headers['content-type'];
  if (response.body === '' && mediaTypes.length === 0) return pass;
  if (mediaTypes.length === 0) return fail(`status ${response.status} documents no body, but the response has one (${contentType ?? 'no Content-Type'})`);
  if (!contentType) return fail(`the response has no Content-Type; documented: ${mediaTypes.join(', ')}`);
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(essence(contentType))) return fail(`Content-Type "${contentType}" is malformed`);
  if (!mediaTypes.some((m) => essence(m) === essence(contentType))) {
    return fail(`Content-Type ${essence(contentType)} is not documented for status ${response.status} (documented: ${mediaTypes.join(', ')})`);
  }
  // RFC 8259 §8.1: JSON exchanged between systems is UTF-8; a charset parameter may only say so.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (/json/.test(essence(contentType)) && charset && charset.toLowerCase() !== 'utf-8') {
    return fail(`Content-Type "${contentType}" declares charset ${charset}: JSON must be UTF-8 (RFC 8259 §8.1)`);
  }
  return pass;
}

export function responseSchemaConformance(spec: Spec, operation: SpecOperation, response: RecordedResponse): Verdict {
  const documented = documentedStatus(operation, response.status);
  if (!documented) return skip('the status is not documented');
  const pointer = operation.responsePointers[documented];
  if (!pointer) return skip('the status documents no JSON body');
  if (!/json/.test(response.headers['content-type'] ?? '')) return skip('the response is not JSON');
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return fail(`the body is not valid JSON: ${JSON.stringify(response.body.slice(0, 80))}`);
  }
  const verdict = spec.validator.validate(pointer, body, 'response');
  return verdict.valid ? pass : fail(`${verdict.message} (schema ${pointer})`);
}

/** Required headers are present, and every documented header sent validates against its schema. */
export function responseHeadersConformance(spec: Spec, operation: SpecOperation, response: RecordedResponse): Verdict {
  const documented = documentedStatus(operation, response.status);
  if (!documented) return skip('the status is not documented');
  const headers = operation.responseHeaders[documented] ?? [];
  const missing = headers.filter((h) => h.required && response.headers[h.name.toLowerCase()] === undefined).map((h) => h.name);
  if (missing.length > 0) return fail(`required header${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the ${response.status} response`);
  for (const header of headers) {
    const raw = response.headers[header.name.toLowerCase()];
    if (raw === undefined || !header.schemaPointer) continue;
    // A header is text on the wire; read it as the schema's type first, as Schemathesis does.
    const type = spec.validator.typeAt(header.schemaPointer);
    const value = (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
    const verdict = spec.validator.validate(header.schemaPointer, value, `header ${header.name}`);
    if (!verdict.valid) return fail(`${verdict.message} (got ${JSON.stringify(raw)})`);
  }
  return pass;
}

/** The five response checks on one exchange, attributed to the operation the request matched. */
/** The operation an exchange's request matches, with the server's base path (e.g. `/api`) stripped. */
export function operationOf(spec: Spec, exchange: Exchange, basePath = ''): SpecOperation | undefined {
  const { pathname } = new URL(exchange.request.url);
  const path = basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  const match = spec.router.match(exchange.request.method, path);
  return match.kind === 'operation' ? match.operation : undefined;
}

export function checkExchange(spec: Spec, exchange: Exchange, basePath = ''): CheckResult[] {
  const operation = operationOf(spec, exchange, basePath);
  const operationId = operation?.operationId ?? '-';
  const result = (check: CheckName, verdict: Verdict): CheckResult => ({
    check,
    operationId,
    caseId: exchange.caseId,
    exchange: exchange.seq,
    ...('skip' in verdict ? { outcome: 'skip' as const, message: verdict.skip } : verdict.ok ? { outcome: 'pass' as const } : { outcome: 'fail' as const, message: verdict.message }),
  });
  const response = exchange.response;
  // An answer that did not arrive whole (no answer, a cut or oversized body, a stall) is judged
  // once, by what went wrong: checking half a body against the schema would only add noise.
  if (exchange.error !== undefined || !response) {
    const got = response ? `status ${response.status} arrived, but ${exchange.error}` : `no response: ${exchange.error}`;
    return [result('not_a_server_error', fail(got))];
  }
  const results = [result('not_a_server_error', notAServerError(response))];
  // A request to an undeclared method or an unknown path has no documented responses to conform to.
  if (!operation) return results;
  results.push(
    result('status_code_conformance', statusCodeConformance(operation, response)),
    result('content_type_conformance', contentTypeConformance(operation, response)),
    result('response_schema_conformance', responseSchemaConformance(spec, operation, response)),
    result('response_headers_conformance', responseHeadersConformance(spec, operation, response)),
  );
  return results;
}
