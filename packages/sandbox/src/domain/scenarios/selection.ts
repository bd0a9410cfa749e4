// Which scenario an amount chooses (domain/scenarios/table.ts), as the domain asks it: what an
// approved or due record does next, and whether a create is refused before anything exists.
import type { Path } from '../lifecycle.js';
import { SCENARIOS, type CreateKind, type Refusal, type Scenario, type ScenarioField } from './table.js';

const DEFAULT = SCENARIOS.find((s) => s.id === 'default')!;
const centsOf = (value: string | undefined): string => (value ?? '').slice(-3);

function chosen(field: ScenarioField, value: string | undefined): Scenario | undefined {
  const cents = centsOf(value);
  return SCENARIOS.find((s) => s.field === field && s.cents.includes(cents));
}

/** What an approved instant payment does, by the cents of its amount. */
export const instantPath = (amount: string): Path<'InstantPaymentStatus'> =>
  chosen('amount', amount)?.instant ?? DEFAULT.instant!;
/** What a due recurring payment does; a retry ignores the amount's scenario, so that it can succeed. */
export const automaticPath = (amount: string, isRetry: boolean): Path<'AutomaticPaymentStatus'> =>
  (isRetry ? undefined : chosen('amount', amount)?.automatic) ?? DEFAULT.automatic!;
/** What an approved consent does, by the cents of its maximumVariableAmount. */
export const consentPath = (maximumVariableAmount: string | undefined): Path<'AutomaticConsentStatus'> =>
  chosen('paymentMethodConfig.maximumVariableAmount', maximumVariableAmount)?.consent ?? DEFAULT.consent!;

/** The refusal a create gets, before anything exists. */
export function createRefusal(
  kind: CreateKind,
  amount: string | undefined,
  initType: string | undefined,
  firstAttempt: boolean,
): Refusal | undefined {
  const refusal = chosen('amount', amount)?.refusal;
  if (!refusal?.creates.includes(kind)) return undefined;
  if (refusal.initType && refusal.initType !== initType) return undefined;
  if (refusal.firstAttemptOnly && !firstAttempt) return undefined;
  return refusal;
}
