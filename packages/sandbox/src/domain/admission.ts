import { ApiError } from '../errors.js';
import { createRefusal } from './scenarios.js';
import type { SandboxState } from './state.js';

/**
 * The checks every create passes before anything is made: the magic-amount refusals (422, 416 and
 * the one-off 429), then the idempotency key. A refused create does not use up its key.
 */
export function admitCreate(state: SandboxState, appId: string, kind: string, clientRequestId: string, amount: string | undefined, initType?: string): void {
  const rateKey = `${appId} ${clientRequestId}`;
  const refusal = amount ? createRefusal(amount, initType, !state.rateLimited.has(rateKey)) : undefined;
  if (refusal?.status === 429) {
    state.rateLimited.add(rateKey);
    throw new ApiError(429, refusal.message, undefined, { 'retry-after': '1' });
  }
  if (refusal) throw new ApiError(refusal.status, refusal.message, refusal.businessCode);
  claimKey(state, appId, kind, clientRequestId);
}

export function claimKey(state: SandboxState, appId: string, kind: string, clientRequestId: string): void {
  if (!state.claimKey(appId, kind, clientRequestId)) throw new ApiError(409, `clientRequestId ${clientRequestId} has already been used`);
}
