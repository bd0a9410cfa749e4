// Instant payments: create, the bank's decision, settlement on the sandbox clock, cancel, and the
// views the API returns. The state machine is the one in the spec's InstantPaymentStatus.
import { brasiliaDate, timestamp } from '../clock.js';
import { ApiError } from '../errors.js';
import { admitCreate } from './admission.js';
import { awaitingAuthorization, HOUR, REDIRECT_VALID_MS, reason, reasonOf, SECOND, steps, type Lifecycle } from './lifecycle.js';
import { instantOutcome } from './scenarios.js';
import { cancellationOf, findOwned, type InstantPaymentRecord, type SandboxState } from './state.js';

export const CANCELLABLE = ['STARTED', 'CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_AUTHORIZED', 'PAYMENT_PARTIALLY_ACCEPTED', 'PAYMENT_PENDING', 'PAYMENT_SCHEDULED'];

export function createInstant(state: SandboxState, appId: string, body: Record<string, any>, linkValidMs = REDIRECT_VALID_MS): InstantPaymentRecord {
  admitCreate(state, appId, 'instant', body.clientRequestId, body.amount, body.initType);
  const now = state.clock.now();
  const id = state.ids.uuid();
  const record: InstantPaymentRecord = {
    id,
    appId,
    createdAt: now,
    request: body,
    consentId: state.ids.consentId(),
    endToEndId: undefined,
    cancellation: undefined,
    life: awaitingAuthorization(now, 'CONSENT_REJECTED'),
    link: state.newLink('instant', id, linkValidMs),
  };
  state.instantPayments.set(id, record);
  return record;
}

export function findInstant(state: SandboxState, appIds: readonly string[], id: string): InstantPaymentRecord {
  return findOwned(state, state.instantPayments, appIds, id, 'payment');
}

/** The person approved at the bank: authorize, then settle according to the amount's scenario. */
export function approveInstant(state: SandboxState, record: InstantPaymentRecord): void {
  const now = state.clock.now();
  const ispb = record.request.debtorAccount?.ispb ?? '00000000';
  record.endToEndId = state.ids.endToEndId(ispb, now);
  record.life.set('CONSENT_AUTHORIZED', now);
  const outcome = instantOutcome(record.request.amount);
  switch (outcome.kind) {
    case 'complete':
      record.life.plan(
        steps(now, SECOND, {
          standard: ['PAYMENT_PENDING', 'PAYMENT_READY_FOR_SETTLEMENT', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED'],
          scheduled: ['PAYMENT_PENDING', 'PAYMENT_SCHEDULED', 'PAYMENT_READY_FOR_SETTLEMENT', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED'],
          'legacy-debtor': ['PAYMENT_PENDING', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT', 'PAYMENT_COMPLETED'],
        }[outcome.via]),
      );
      break;
    case 'reject':
      record.life.plan(steps(now, SECOND, ['PAYMENT_PENDING', ['PAYMENT_REJECTED', reason(outcome.code, outcome.message)]]));
      break;
    case 'error':
      record.life.plan(steps(now, SECOND, ['PAYMENT_PENDING', ['ERROR', reason(outcome.code, outcome.message)]]));
      break;
    case 'partial':
      record.life.plan([
        { at: now + SECOND, status: 'PAYMENT_PARTIALLY_ACCEPTED' },
        { at: now + SECOND + 24 * HOUR, status: 'PAYMENT_REJECTED', reason: reason('TEMPO_EXPIRADO_AUTORIZACAO', 'Os demais aprovadores não autorizaram em 24 horas.') },
      ]);
      break;
    case 'expire':
      record.life.plan(steps(now, SECOND, ['PAYMENT_PENDING', ['EXPIRED', reason('TEMPO_EXPIRADO_CONSUMO', 'O pagamento expirou antes da liquidação.')]]));
      break;
  }
}

export function rejectInstant(state: SandboxState, record: InstantPaymentRecord): void {
  record.life.set('CONSENT_REJECTED', state.clock.now(), reason('REJEITADO_USUARIO', 'O usuário rejeitou o consentimento.'));
  record.life.plan([]);
}

export function cancelInstant(state: SandboxState, record: InstantPaymentRecord, body: { cancelledBy: string; identifierType: string }): void {
  if (!CANCELLABLE.includes(record.life.status)) {
    throw new ApiError(422, `payment ${record.id} is ${record.life.status} and can no longer be cancelled; it can be cancelled while ${CANCELLABLE.join(', ')}`);
  }
  const now = state.clock.now();
  record.cancellation = { cancelledFrom: 'MERCHANT', cancelledAt: now, cancelledBy: { identifierType: body.identifierType, identifier: body.cancelledBy } };
  record.life.set('CANCELED', now, reason('CANCELADO_PENDENCIA', 'Pagamento cancelado pelo recebedor.'));
  record.life.plan([]);
}

const awaiting = (record: InstantPaymentRecord, state: SandboxState) =>
  record.life.status === 'CONSENT_AWAITING_AUTHORIZATION' ? { consentRedirectURL: state.linkUrl(record.link) } : {};

export function instantCreatedView(state: SandboxState, record: InstantPaymentRecord) {
  const { request } = record;
  return {
    id: record.id,
    clientRequestId: request.clientRequestId,
    amount: request.amount,
    currency: request.currency,
    status: record.life.status,
    ...reasonOf(record),
    ...awaiting(record, state),
  };
}

export function instantStatusView(state: SandboxState, record: InstantPaymentRecord) {
  return { ...instantCreatedView(state, record), statusUpdateAt: timestamp(record.life.updatedAt) };
}

export function instantView(record: InstantPaymentRecord) {
  const { clientMetadata: _notReturned, ...request } = record.request;
  return {
    ...request,
    id: record.id,
    appId: record.appId,
    date: request.date ?? brasiliaDate(record.createdAt),
    consentId: record.consentId,
    ...(record.endToEndId ? { endToEndId: record.endToEndId } : {}),
    ...cancellationOf(record, timestamp),
    status: record.life.status,
    ...reasonOf(record),
    createAt: timestamp(record.createdAt),
    statusUpdateAt: timestamp(record.life.updatedAt),
  };
}
