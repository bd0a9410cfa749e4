// Every check klavi-contract runs, in one list: their names, the reports' columns and order, --help,
// and the response checks judged on every exchange all come from here. A check certifies either a
// Klavi Pay server (`runs: 'response'` or `'suite'`, the API run) or a merchant's webhook receiver
// (`runs: 'receiver'`, `klavi-contract webhooks`). To add a check, write its module
// (src/checks/<name>.ts), register it below, and give the double of what it certifies a fault that
// trips it: the broken server (test/support/broken-server.ts) for a server check, the broken
// receivers (test/support/receiver.ts) for a receiver check. test/check-registry.test.ts fails until then.
import { businessRules } from './business-rules.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { idempotencyConflict } from './idempotency-conflict.js';
import { ignoredAuth } from './ignored-auth.js';
import { negativeDataRejection } from './negative-data-rejection.js';
import { notAServerError } from './not-a-server-error.js';
import { positiveDataAcceptance } from './positive-data-acceptance.js';
import { receiverAcknowledges } from './receiver-acknowledges.js';
import { receiverIgnoresReplay } from './receiver-ignores-replay.js';
import { receiverRefusesStale } from './receiver-refuses-stale.js';
import { receiverVerifiesSignature } from './receiver-verifies-signature.js';
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
 * follow: the response checks in the order they judge an exchange, then the suites' checks, then
 * the receiver's, in the order the webhooks run calls them.
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
  receiverAcknowledges,
  receiverVerifiesSignature,
  receiverRefusesStale,
  receiverIgnoresReplay,
] as const;

type Registered = (typeof REGISTERED)[number];

/** The registered checks by name (named as Schemathesis names its own where one matches). */
export const REGISTRY = Object.fromEntries(REGISTERED.map((check) => [check.name, check])) as {
  readonly [C in Registered as C['name']]: C;
};

export type CheckName = keyof typeof REGISTRY;

/** Every check's name, in the canonical order. */
export const CHECKS: readonly CheckName[] = REGISTERED.map((check) => check.name);

/** The names of the checks that judge a webhook receiver (`klavi-contract webhooks`). */
export type ReceiverCheckName = Extract<Registered, { runs: 'receiver' }>['name'];

/** The checks of the API run, which certifies a Klavi Pay server: every check but the receiver's. */
export const API_CHECKS: readonly CheckName[] = REGISTERED.filter((check) => check.runs !== 'receiver').map(
  (check) => check.name,
);

/** The checks of `klavi-contract webhooks`, which certifies a merchant's webhook receiver. */
export const RECEIVER_CHECKS: readonly ReceiverCheckName[] = REGISTERED.filter(
  (check): check is Extract<Registered, { runs: 'receiver' }> => check.runs === 'receiver',
).map((check) => check.name);

type ResponseCheck = Extract<Registered, { runs: 'response' }>;

/** The checks judged on every exchange, whatever case made the request, in the order they judge it. */
export const ON_EVERY_RESPONSE: readonly ResponseCheck[] = REGISTERED.filter(
  (check): check is ResponseCheck => check.runs === 'response',
);

/** Their names. */
export const RESPONSE_CHECKS: readonly CheckName[] = ON_EVERY_RESPONSE.map((check) => check.name);
