// What a run finds: one result per check per case or exchange.

/** The checks, named as Schemathesis names its own where one matches. */
export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'ignored_auth',
  'unsupported_method',
  'idempotency_conflict',
  'use_after_cancel',
  'business_rules',
  'unknown_resource',
  'stateful_flow',
] as const;

export type CheckName = (typeof CHECKS)[number];

/** The checks run on every response, whatever case made the request. */
export const RESPONSE_CHECKS: readonly CheckName[] = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
];

export type Outcome = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  check: CheckName;
  /** The operation judged; `-` for a request that matches no operation (an undeclared method). */
  operationId: string;
  outcome: Outcome;
  caseId: string;
  /** What differed (fail) or why nothing was checked (skip). */
  message?: string;
  /** The exchange the result is about, by its sequence number. */
  exchange?: number;
}
