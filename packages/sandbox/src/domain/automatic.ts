// Automatic Pix: consents (authorized once at the bank) and the recurring payments scheduled
// against them, with cancel and retry. The rules are the ones the spec's operation descriptions give.
import type {
  AutomaticConsent,
  AutomaticConsentCreated,
  AutomaticConsentDetails,
  AutomaticConsentStatusResponse,
  AutomaticPayment,
  AutomaticPaymentRequest,
  AutomaticPaymentStatusResponse,
  CancelPaymentRequest,
  RetryPaymentRequest,
} from '@klavi-pay/spec/types';
import { brasiliaDate, timestamp } from '../clock.js';
import { ApiError } from '../errors.js';
import { admitCreate, claimKey } from './admission.js';
import { awaitingConsentAuthorization, Lifecycle, REDIRECT_VALID_MS, reasonOf } from './lifecycle.js';
import type { AutomaticPaymentRecord, ConsentRecord } from './records.js';
import { automaticPath, consentPath } from './scenarios/selection.js';
import { cancellationOf, findOwned, type SandboxState } from './state.js';
import { requirement } from '../spec-model.js';

/** The spec's x-requires-status of the operations that need a status. */
const CANCELLABLE = requirement('cancelAutomaticPayment');
const RETRYABLE = requirement('retryAutomaticPayment');
const SCHEDULABLE = requirement('createAutomaticPayment');

/** Makes a consent from the body of createAutomaticConsent, or the `consent` of createAutomaticConsentLink. */
export function createConsent(
  state: SandboxState,
  appId: string,
  body: AutomaticConsentDetails,
  linkValidMs = REDIRECT_VALID_MS,
): ConsentRecord {
  const config = body.paymentMethodConfig;
  if (
    config.minimumVariableAmount &&
    config.maximumVariableAmount &&
    Number(config.minimumVariableAmount) > Number(config.maximumVariableAmount)
  ) {
    throw new ApiError(
      422,
      `paymentMethodConfig.minimumVariableAmount (${config.minimumVariableAmount}) exceeds maximumVariableAmount (${config.maximumVariableAmount})`,
    );
  }
  admitCreate(state, appId, 'consent', body.clientRequestId, config.firstPayment?.amount);
  const now = state.clock.now();
  const id = state.ids.consentId();
  const record: ConsentRecord = {
    kind: 'consent',
    id,
    appId,
    createdAt: now,
    request: body,
    life: awaitingConsentAuthorization(now),
    link: state.newLink('consent', id, linkValidMs),
  };
  state.add(record);
  return record;
}

export function findConsent(state: SandboxState, appIds: readonly string[], id: string): ConsentRecord {
  return findOwned(state, state.store.consent(id), appIds, id, 'consent');
}

/** The person approved at the bank: the maximumVariableAmount's scenario says what follows. */
export function approveConsent(state: SandboxState, record: ConsentRecord): void {
  const now = state.clock.now();
  record.life.plan(consentPath(record.request.paymentMethodConfig.maximumVariableAmount), now);
  record.life.catchUp(state.clock);
}

export function rejectConsent(state: SandboxState, record: ConsentRecord): void {
  record.life.move('CONSENT_REJECTED', state.clock.now(), {
    code: 'REJEITADO_USUARIO',
    message: 'O usuário rejeitou o consentimento.',
  });
  record.life.plan(null);
}

/** Midnight of a Brasília date, in epoch ms. */
const startOfBrasiliaDate = (date: string): number => Date.parse(`${date}T03:00:00Z`);

function checkDate(state: SandboxState, date: string): void {
  const today = brasiliaDate(state.clock.now());
  if (date < today)
    throw new ApiError(422, `date ${date} is in the past; the earliest date is today, ${today} (Brasília)`);
}

/** The payment's first status and its planned moves: scheduled until its date, then settled as its scenario says. */
function paymentLife(
  state: SandboxState,
  request: AutomaticPaymentRequest,
  isRetry: boolean,
): Lifecycle<'AutomaticPaymentStatus'> {
  const now = state.clock.now();
  const due = Math.max(now, startOfBrasiliaDate(request.date));
  const life = new Lifecycle('AutomaticPaymentStatus', due > now ? 'PAYMENT_SCHEDULED' : 'PAYMENT_PENDING', now);
  // A scheduled payment becomes PAYMENT_PENDING when due, then follows the same path.
  life.plan(automaticPath(request.amount, isRetry), due, due > now ? 'PAYMENT_PENDING' : undefined);
  return life;
}

export function createAutomaticPayment(
  state: SandboxState,
  appIds: readonly string[],
  consentId: string,
  body: AutomaticPaymentRequest,
): AutomaticPaymentRecord {
  const consent = findConsent(state, appIds, consentId);
  if (!(SCHEDULABLE.statuses as readonly string[]).includes(consent.life.status)) {
    throw new ApiError(
      SCHEDULABLE.otherwise,
      `consent ${consentId} is ${consent.life.status}; payments can be scheduled only while it is ${SCHEDULABLE.statuses.join(' or ')}`,
    );
  }
  const config = consent.request.paymentMethodConfig;
  const amount = Number(body.amount);
  if (config.minimumVariableAmount && amount < Number(config.minimumVariableAmount)) {
    throw new ApiError(
      422,
      `amount ${body.amount} is below the consent's minimumVariableAmount ${config.minimumVariableAmount}`,
    );
  }
  if (config.maximumVariableAmount && amount > Number(config.maximumVariableAmount)) {
    throw new ApiError(
      422,
      `amount ${body.amount} is above the consent's maximumVariableAmount ${config.maximumVariableAmount}`,
    );
  }
  checkDate(state, body.date);
  admitCreate(state, consent.appId, 'automatic-payment', body.clientRequestId, body.amount);
  return addPayment(state, consent, body, undefined);
}

function addPayment(
  state: SandboxState,
  consent: ConsentRecord,
  body: AutomaticPaymentRequest,
  originalPaymentId: string | undefined,
): AutomaticPaymentRecord {
  const now = state.clock.now();
  const record: AutomaticPaymentRecord = {
    kind: 'automatic-payment',
    id: state.ids.uuid(),
    appId: consent.appId,
    consentId: consent.id,
    originalPaymentId,
    createdAt: now,
    request: body,
    endToEndId: state.ids.endToEndId(consent.request.debtorAccount?.ispb ?? '00000000', now),
    cancellation: undefined,
    // A retry is the second chance the magic amount's first attempt did not get.
    life: paymentLife(state, body, originalPaymentId !== undefined),
  };
  state.add(record);
  return record;
}

export function findAutomaticPayment(
  state: SandboxState,
  appIds: readonly string[],
  consentId: string,
  paymentId: string,
): AutomaticPaymentRecord {
  findConsent(state, appIds, consentId);
  const record = state.store.automaticPayment(paymentId);
  if (!record || record.consentId !== consentId)
    throw new ApiError(404, `payment ${paymentId} of consent ${consentId} was not found`);
  record.life.catchUp(state.clock);
  return record;
}

export function cancelAutomaticPayment(
  state: SandboxState,
  record: AutomaticPaymentRecord,
  body: CancelPaymentRequest,
): void {
  if (!(CANCELLABLE.statuses as readonly string[]).includes(record.life.status)) {
    throw new ApiError(
      CANCELLABLE.otherwise,
      `payment ${record.id} is ${record.life.status} and can no longer be cancelled; it can be cancelled while ${CANCELLABLE.statuses.join(' or ')}`,
    );
  }
  const now = state.clock.now();
  state.store.cancel(record, {
    cancelledFrom: 'MERCHANT',
    cancelledAt: now,
    cancelledBy: { identifierType: body.identifierType, identifier: body.cancelledBy },
  });
  record.life.moveFrom(CANCELLABLE.statuses, 'CANCELED', now, {
    code: 'CANCELADO_AGENDAMENTO',
    message: 'Agendamento cancelado pelo recebedor.',
  });
  record.life.plan(null);
}

export function retryAutomaticPayment(
  state: SandboxState,
  appIds: readonly string[],
  original: AutomaticPaymentRecord,
  body: RetryPaymentRequest,
): AutomaticPaymentRecord {
  const consent = findConsent(state, appIds, original.consentId);
  if (!(RETRYABLE.statuses as readonly string[]).includes(original.life.status)) {
    throw new ApiError(
      RETRYABLE.otherwise,
      `payment ${original.id} is ${original.life.status}; only a ${RETRYABLE.statuses.join(' or ')} payment can be retried`,
    );
  }
  if (consent.request.paymentMethodConfig.isRetryAccepted !== true) {
    throw new ApiError(
      422,
      `consent ${consent.id} does not accept retries (paymentMethodConfig.isRetryAccepted is false)`,
    );
  }
  checkDate(state, body.date);
  claimKey(state, consent.appId, 'automatic-payment', body.clientRequestId);
  const { autoRetryStrategy: _notCarried, ...rest } = original.request;
  return addPayment(state, consent, { ...rest, clientRequestId: body.clientRequestId, date: body.date }, original.id);
}

const awaitingUrl = (state: SandboxState, record: ConsentRecord): { consentRedirectURL?: string } =>
  record.life.status === 'CONSENT_AWAITING_AUTHORIZATION' ? { consentRedirectURL: state.linkUrl(record.link) } : {};

export function consentCreatedView(state: SandboxState, record: ConsentRecord): AutomaticConsentCreated {
  return {
    id: record.id,
    clientRequestId: record.request.clientRequestId,
    status: record.life.status,
    ...reasonOf(record),
    ...awaitingUrl(state, record),
  };
}

export function consentStatusView(state: SandboxState, record: ConsentRecord): AutomaticConsentStatusResponse {
  return { ...consentCreatedView(state, record), statusUpdateAt: timestamp(record.life.updatedAt) };
}

export function consentView(record: ConsentRecord): AutomaticConsent {
  const { clientMetadata: _notReturned, ...request } = record.request;
  return {
    ...request,
    id: record.id,
    appId: record.appId,
    status: record.life.status,
    ...reasonOf(record),
    createAt: timestamp(record.createdAt),
    statusUpdateAt: timestamp(record.life.updatedAt),
  };
}

export function automaticPaymentView(state: SandboxState, record: AutomaticPaymentRecord): AutomaticPayment {
  const consent = state.store.consent(record.consentId);
  return {
    ...record.request,
    id: record.id,
    consentId: record.consentId,
    ...(record.originalPaymentId ? { originalPaymentId: record.originalPaymentId } : {}),
    currency: consent?.request.paymentMethodConfig.currency ?? 'BRL',
    ...(record.endToEndId ? { endToEndId: record.endToEndId } : {}),
    ...cancellationOf(record, timestamp),
    status: record.life.status,
    ...reasonOf(record),
    createAt: timestamp(record.createdAt),
    statusUpdateAt: timestamp(record.life.updatedAt),
  };
}

export function automaticPaymentStatusView(
  state: SandboxState,
  record: AutomaticPaymentRecord,
): AutomaticPaymentStatusResponse {
  const { id, consentId, currency, status, statusUpdateAt } = automaticPaymentView(state, record);
  const { clientRequestId, amount } = record.request;
  return { id, consentId, clientRequestId, amount, currency, status, ...reasonOf(record), statusUpdateAt };
}
