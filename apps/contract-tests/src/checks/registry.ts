// Every check klavi-contract runs, in one list: their names, the reports' columns and order, --help,
// and the response checks judged on every exchange all come from here. To add a check, write its
// module (src/checks/<name>.ts), register it below, and give the broken-server double
// (test/support/broken-server.ts) a fault that trips it: test/check-registry.test.ts fails until then.
import { businessRules } from './business-rules.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { idempotencyConflict } from './idempotency-conflict.js';
import { ignoredAuth } from './ignored-auth.js';
import { negativeDataRejection } from './negative-data-rejection.js';
import { notAServerError } from './not-a-server-error.js';
import { positiveDataAcceptance } from './positive-data-acceptance.js';
import { requestedAnswer } from './requested-answer.js';
import { responseHeadersConformance } from './response-headers-conformance.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statefulFlow } from './stateful-flow.js';
import { statusCodeConformance } from './status-code-conformance.js';
import { unknownResource } from './unknown-resource.js';
import { unsupportedMethod } from './unsupported-method.js';
import { useAfterCancel } from './use-after-cancel.js';

/**
 * In their canonical order, which the summary table's columns and the JUnit report's test suites
 * follow: the response checks in the order they judge an exchange, then the suites' checks.
 */
const REGISTERED = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  responseHeadersConformance,
  negativeDataRejection,
  positiveDataAcceptance,
  ignoredAuth,
  unsupportedMethod,
  idempotencyConflict,
  useAfterCancel,
  businessRules,
  unknownResource,
  requestedAnswer,
  statefulFlow,
] as const;

type Registered = (typeof REGISTERED)[number];

/** The registered checks by name (named as Schemathesis names its own where one matches). */
export const REGISTRY = Object.fromEntries(REGISTERED.map((check) => [check.name, check])) as {
  readonly [C in Registered as C['name']]: C;
};

export type CheckName = keyof typeof REGISTRY;

/** Every check's name, in the canonical order. */
export const CHECKS: readonly CheckName[] = REGISTERED.map((check) => check.name);

type ResponseCheck = Extract<Registered, { runs: 'response' }>;

/** The checks judged on every exchange, whatever case made the request, in the order they judge it. */
export const ON_EVERY_RESPONSE: readonly ResponseCheck[] = REGISTERED.filter(
  (check): check is ResponseCheck => check.runs === 'response',
);

/** Their names. */
export const RESPONSE_CHECKS: readonly CheckName[] = ON_EVERY_RESPONSE.map((check) => check.name);
