import { ApiError } from '../errors.js';
import { createRefusal } from './scenarios/selection.js';
import type { CreateKind } from './scenarios/table.js';
import type { SandboxState } from './state.js';

/**
 * The checks every create passes before anything is made: the scenario refusals (422, 416 and
 * the one-off 429), then the idempotency key. A refused create does not use up its key.
 */
export function admitCreate(
  state: SandboxState,
  appId: string,
  kind: CreateKind,
  clientRequestId: string,
  amount: string | undefined,
  initType?: string,
): void {
  const refusal = amount
    ? createRefusal(kind, amount, initType, !state.store.isRateLimited(appId, clientRequestId))
    : undefined;
  if (refusal?.firstAttemptOnly) state.store.markRateLimited(appId, clientRequestId, true);
  if (refusal) {
    const headers: Record<string, string> =
      refusal.retryAfterSeconds !== undefined ? { 'retry-after': String(refusal.retryAfterSeconds) } : {};
    throw new ApiError(refusal.status, refusal.message, refusal.businessCode, headers);
  }
  claimKey(state, appId, kind, clientRequestId);
}

export function claimKey(state: SandboxState, appId: string, kind: CreateKind, clientRequestId: string): void {
  if (!state.store.claimKey(appId, kind, clientRequestId))
    throw new ApiError(409, `clientRequestId ${clientRequestId} has already been used`);
}
