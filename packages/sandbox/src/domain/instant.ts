// Instant payments: create, the bank's decision, settlement on the sandbox clock, cancel, and the
// views the API returns. The state machine is the one in the spec's InstantPaymentStatus.
import type {
  CancelPaymentRequest,
  InstantPayment,
  InstantPaymentCreated,
  InstantPaymentDetails,
  InstantPaymentStatusResponse,
} from '@klavi-pay/spec/types';
import { brasiliaDate, timestamp } from '../clock.js';
import { ApiError } from '../errors.js';
import { admitCreate } from './admission.js';
import { awaitingInstantAuthorization, REDIRECT_VALID_MS, reasonOf } from './lifecycle.js';
import type { InstantPaymentRecord } from './records.js';
import { instantPath } from './scenarios/selection.js';
import { cancellationOf, findOwned, type SandboxState } from './state.js';
import { requirement } from '../spec-model.js';

/** The statuses a payment can be cancelled from: the spec's x-requires-status of cancelInstantPayment. */
const CANCELLABLE = requirement('cancelInstantPayment');

/** Makes a payment from the body of createInstantPayment, or the `payment` of createInstantPaymentLink. */
export function createInstant(
  state: SandboxState,
  appId: string,
  body: InstantPaymentDetails,
  linkValidMs = REDIRECT_VALID_MS,
): InstantPaymentRecord {
  admitCreate(state, appId, 'instant', body.clientRequestId, body.amount, body.initType);
  const now = state.clock.now();
  const id = state.ids.uuid();
  const record: InstantPaymentRecord = {
    kind: 'instant',
    id,
    appId,
    createdAt: now,
    request: body,
    consentId: state.ids.consentId(),
    endToEndId: undefined,
    cancellation: undefined,
    life: awaitingInstantAuthorization(now),
    link: state.newLink('instant', id, linkValidMs),
  };
  state.add(record);
  return record;
}

export function findInstant(state: SandboxState, appIds: readonly string[], id: string): InstantPaymentRecord {
  return findOwned(state, state.store.instantPayment(id), appIds, id, 'payment');
}

/** The person approved at the bank: the amount's scenario says what follows (authorized, then settled, or not). */
export function approveInstant(state: SandboxState, record: InstantPaymentRecord): void {
  const now = state.clock.now();
  const ispb = record.request.debtorAccount?.ispb ?? '00000000';
  state.store.assignEndToEndId(record, state.ids.endToEndId(ispb, now));
  record.life.plan(instantPath(record.request.amount), now);
  record.life.catchUp(state.clock);
}

export function rejectInstant(state: SandboxState, record: InstantPaymentRecord): void {
  record.life.move('CONSENT_REJECTED', state.clock.now(), {
    code: 'REJEITADO_USUARIO',
    message: 'O usuário rejeitou o consentimento.',
  });
  record.life.plan(null);
}

export function cancelInstant(state: SandboxState, record: InstantPaymentRecord, body: CancelPaymentRequest): void {
  if (!(CANCELLABLE.statuses as readonly string[]).includes(record.life.status)) {
    throw new ApiError(
      CANCELLABLE.otherwise,
      `payment ${record.id} is ${record.life.status} and can no longer be cancelled; it can be cancelled while ${CANCELLABLE.statuses.join(', ')}`,
    );
  }
  const now = state.clock.now();
  state.store.cancel(record, {
    cancelledFrom: 'MERCHANT',
    cancelledAt: now,
    cancelledBy: { identifierType: body.identifierType, identifier: body.cancelledBy },
  });
  record.life.moveFrom(CANCELLABLE.statuses, 'CANCELED', now, {
    code: 'CANCELADO_PENDENCIA',
    message: 'Pagamento cancelado pelo recebedor.',
  });
  record.life.plan(null);
}

const awaiting = (record: InstantPaymentRecord, state: SandboxState): { consentRedirectURL?: string } =>
  record.life.status === 'CONSENT_AWAITING_AUTHORIZATION' ? { consentRedirectURL: state.linkUrl(record.link) } : {};

export function instantCreatedView(state: SandboxState, record: InstantPaymentRecord): InstantPaymentCreated {
  const { request } = record;
  const view = {
    id: record.id,
    clientRequestId: request.clientRequestId,
    amount: request.amount,
    currency: request.currency,
    status: record.life.status,
  };
  return Object.assign(view, reasonOf(record), awaiting(record, state));
}

export function instantStatusView(state: SandboxState, record: InstantPaymentRecord): InstantPaymentStatusResponse {
  return Object.assign(instantCreatedView(state, record), { statusUpdateAt: timestamp(record.life.updatedAt) });
}

export function instantView(record: InstantPaymentRecord): InstantPayment {
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
