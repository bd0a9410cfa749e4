// The checks every response gets, whatever case made the request (the registry's `response`
// checks: Schemathesis's not_a_server_error, status_code_conformance, content_type_conformance,
// response_schema_conformance and response_headers_conformance), judged against the spec.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import type { Exchange } from '../exchange.js';
import type { CheckResult } from '../results.js';
import type { Spec } from '../spec.js';
import { ON_EVERY_RESPONSE } from './registry.js';

/** The operation an exchange's request matches, with the server's base path (e.g. `/api`) stripped. */
export function operationOf(spec: Spec, exchange: Exchange, basePath = ''): SpecOperation | undefined {
  const { pathname } = new URL(exchange.request.url);
  const path = basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  const match = spec.router.match(exchange.request.method, path);
  return match.kind === 'operation' ? match.operation : undefined;
}

/** The response checks on one exchange, attributed to the operation the request matched (`-` for none). */
export function checkExchange(spec: Spec, exchange: Exchange, basePath = ''): CheckResult[] {
  const operation = operationOf(spec, exchange, basePath);
  const operationId = operation?.operationId ?? '-';
  const results: CheckResult[] = [];
  for (const check of ON_EVERY_RESPONSE) {
    // A check that has nothing to judge here (an answer that did not arrive whole, a request that
    // matched no operation) returns no outcome, and records nothing.
    const outcome = check.judge(operationId, { spec, exchange, operation });
    if (!outcome) continue;
    const { check: name, outcome: kind, message } = outcome;
    results.push({
      check: name,
      operationId,
      caseId: exchange.caseId,
      exchange: exchange.seq,
      outcome: kind,
      ...(message === undefined ? {} : { message }),
    });
  }
  return results;
}
