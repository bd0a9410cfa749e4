// The spec model (@klavi-pay/spec/model, made by the bundle from the spec) as the sandbox's
// types: every status, transition and reason code the sandbox uses is checked against it at
// compile time, and its operations and business rules drive the server at run time.
import { MODEL } from '@klavi-pay/spec/model';

export { MODEL };

type Model = typeof MODEL;
type Machines = Model['stateMachines'];

export type MachineName = keyof Machines;
export type StatusOf<M extends MachineName> = Machines[M]['statuses'][number];
/** The statuses `S` may move to, by x-transitions. */
export type NextOf<M extends MachineName, S extends StatusOf<M>> = S extends keyof Machines[M]['transitions']
  ? Machines[M]['transitions'][S] extends readonly (infer T)[]
    ? T
    : never
  : never;
/** The statuses every one of `S` may move to. */
export type CommonNextOf<M extends MachineName, S extends StatusOf<M>> = (
  S extends unknown
    ? (x: NextOf<M, S>) => void
    : never
) extends (x: infer I) => void
  ? I & StatusOf<M>
  : never;

export type InstantStatus = StatusOf<'InstantPaymentStatus'>;
export type ConsentStatus = StatusOf<'AutomaticConsentStatus'>;
export type AutomaticPaymentStatus = StatusOf<'AutomaticPaymentStatus'>;
export type ReasonCode = Model['enums']['StatusReasonCode'][number];
export type BusinessErrorCode = Model['enums']['BusinessErrorCode'][number];

/** One of the spec's operations with its literal types (the runtime's `SpecOperation` is the plain shape). */
export type KlaviOperation = Model['operations'][number];
export type OperationId = KlaviOperation['operationId'];
type OperationOf<K extends OperationId> = Extract<KlaviOperation, { operationId: K }>;

export function machine<M extends MachineName>(name: M): Machines[M] {
  return MODEL.stateMachines[name];
}

/** An operation's x-requires-status, typed by the operation: `requirement('cancelInstantPayment').statuses`. */
export function requirement<K extends OperationId>(operationId: K): NonNullable<OperationOf<K>['requiresStatus']> {
  const found = MODEL.operations.find((o) => o.operationId === operationId)?.requiresStatus;
  if (!found) throw new Error(`the spec gives ${operationId} no x-requires-status`);
  return found as NonNullable<OperationOf<K>['requiresStatus']>;
}
