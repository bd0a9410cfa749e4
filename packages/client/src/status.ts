// Runtime constants for the status enums, taken from the generated spec metadata so that the
// values and the terminal sets are never typed twice.
// The constants read STATUS_VALUES, not ENUM_VALUES: a property read keeps its object in every
// bundle, and ENUM_VALUES holds every enum of the spec.
import { ENUM_VALUES, STATUS_VALUES, TERMINAL_VALUES } from './generated/spec-metadata.js';

export { ENUM_VALUES, STATUS_VALUES, TERMINAL_VALUES };

export const INSTANT_PAYMENT_STATUSES = STATUS_VALUES.InstantPaymentStatus;
export const INSTANT_PAYMENT_TERMINAL_STATUSES = TERMINAL_VALUES.InstantPaymentStatus;
export const AUTOMATIC_CONSENT_STATUSES = STATUS_VALUES.AutomaticConsentStatus;
export const AUTOMATIC_CONSENT_TERMINAL_STATUSES = TERMINAL_VALUES.AutomaticConsentStatus;
export const AUTOMATIC_PAYMENT_STATUSES = STATUS_VALUES.AutomaticPaymentStatus;
export const AUTOMATIC_PAYMENT_TERMINAL_STATUSES = TERMINAL_VALUES.AutomaticPaymentStatus;

type TerminalOf<K extends keyof typeof TERMINAL_VALUES> = (typeof TERMINAL_VALUES)[K][number];

/** Whether `schema`'s status `value` is terminal (cannot change any more). */
export function isTerminalStatus<K extends keyof typeof TERMINAL_VALUES>(
  schema: K,
  value: string,
): value is TerminalOf<K> {
  return (TERMINAL_VALUES[schema] as readonly string[]).includes(value);
}
