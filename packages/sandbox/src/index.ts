import { asRangeError, type FaultRule, type FaultRuleInput } from './answers/faults.js';
import { buildApp, type ResponseViolation, type SandboxAppOptions } from './server.js';
import type { PaymentEvent } from './events/envelope.js';
import type { DeliveryAttempt } from './events/outbox.js';
import type { SandboxClock } from './clock.js';
import type { SandboxStateView } from './domain/view.js';
import { DEFAULT_HOST, DEFAULT_PORT, listeningOrigin } from './origin.js';

export { DEMO_APPS, DEMO_CREDENTIALS, type Credential, type Scheme } from './auth.js';
export { createClock, type ClockOption, type SandboxClock } from './clock.js';
export type {
  Cancelled,
  ChangeListener,
  ClockMoved,
  EndToEndIdAssigned,
  LinkDecided,
  LinkOpened,
  MoveCause,
  RateLimitCleared,
  RateLimitSet,
  RecordChange,
  RecordCreated,
  RecordEvicted,
  Replanned,
  SandboxChange,
  StatusMoved,
} from './domain/changes.js';
export type { LifecycleState, PlannedStep, StatusReason } from './domain/lifecycle.js';
export type {
  AnyRecordState,
  AutomaticPaymentState,
  BankLink,
  Cancellation,
  ConsentState,
  InstantPaymentState,
  LinkKind,
  MerchantApp,
  RecordKind,
  StateOf,
} from './domain/records.js';
export { FAULT_RULE_SCHEMA, MAX_LATENCY_MS, type FaultRule, type FaultRuleInput } from './answers/faults.js';
export type { OperationAnswers } from './answers/documented.js';
export type { PaymentEvent } from './events/envelope.js';
export { KLAVI_DELIVERY_POLICY, type DeliveryAttempt, type DeliveryPolicy } from './events/outbox.js';
export { SCENARIOS, type Refusal, type Scenario } from './domain/scenarios/table.js';
export { scenariosDocument } from './domain/scenarios/document.js';
export { SCENARIOS_SCHEMA } from './domain/scenarios/schema.js';
export { scenariosMarkdown } from './docs/scenarios-markdown.js';
export type { SandboxStateView } from './domain/view.js';
export { DataFileBusy, DataFileError } from './persistence/data-file.js';
export { StoredRecordError } from './persistence/records.js';
export { buildApp, BODY_LIMIT, CONTROL_PREFIX, type ResponseViolation, type SandboxAppOptions } from './server.js';

export interface StartSandboxOptions extends SandboxAppOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface Sandbox {
  /** The base URL to point a client at, e.g. `http://127.0.0.1:4010`: the address it listens on. */
  url: string;
  /** Advance it to make time-based transitions happen: `sandbox.clock.advance(60_000)`. */
  clock: SandboxClock;
  /**
   * What the sandbox holds, read-only: `state.instantPayment(id)`, `state.consent(id)`,
   * `state.automaticPayment(id)`, `state.records(kind)`, `state.count(kind)`, and
   * `state.subscribe(listener)` for every change as it happens.
   */
  state: SandboxStateView;
  /** Responses that did not match the spec (sandbox bugs); tests assert it stays empty. */
  violations: ResponseViolation[];
  /** The fault rules, as `/__sandbox/faults` serves them: `sandbox.faults.add({ operationId, status: 503, times: 1 })`. */
  faults: SandboxFaults;
  /** The payment events made and their delivery attempts; undefined without a webhook URL. */
  events: SandboxEvents | undefined;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

/** The payment events of a running sandbox (`--webhook-url`). */
export interface SandboxEvents {
  /** Every event made (the latest 1000), oldest first. */
  list(): PaymentEvent[];
  /** Every delivery attempt (the latest 2000), oldest first. */
  deliveries(): DeliveryAttempt[];
}

/** The fault rules of a running sandbox. */
export interface SandboxFaults {
  /** Checks the rule against the spec (a RangeError names the bad field) and puts it in force. */
  add(rule: FaultRuleInput): FaultRule;
  /** The rules in force, in the order they apply, with what each has left (a copy). */
  list(): FaultRule[];
  /** False when there was no such rule. */
  remove(id: string): boolean;
  clear(): void;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const { app, state, clock, violations, faults, events } = await buildApp(options);
  try {
    await app.listen({ port: options.port ?? DEFAULT_PORT, host: options.host ?? DEFAULT_HOST });
  } catch (error) {
    // A port in use must not leave the data file claimed.
    await app.close();
    throw error;
  }
  const url = listeningOrigin(app.server);
  if (!url) throw new Error('the sandbox is not listening on a TCP port');
  const faultsApi: SandboxFaults = {
    add: (rule) => asRangeError(() => faults.add([rule], () => 'rule'))[0]!,
    list: () => faults.list(),
    remove: (id) => faults.remove(id),
    clear: () => faults.clear(),
  };
  const eventsApi: SandboxEvents | undefined = events && {
    list: () => events.outbox.events().map((e) => e.event),
    deliveries: () => [...events.outbox.attempts()],
  };
  return { url, clock, state, violations, faults: faultsApi, events: eventsApi, close: () => app.close() };
}
