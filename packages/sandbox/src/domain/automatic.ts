// Automatic Pix: consents (authorized once at the bank) and the recurring payments scheduled
// against them, with cancel and retry. The rules are the ones the spec's operation descriptions give.
import { brasiliaDate, timestamp } from '../clock.js';
import { ApiError } from '../errors.js';
import { admitCreate, claimKey } from './admission.js';
import { awaitingAuthorization, DAY, HOUR, Lifecycle, MINUTE, REDIRECT_VALID_MS, reason, reasonOf, SECOND, steps, type StatusReason } from './lifecycle.js';
import { instantOutcome } from './scenarios.js';
import { cancellationOf, findOwned, type AutomaticPaymentRecord, type ConsentRecord, type SandboxState } from './state.js';


export const PAYMENT_CANCELLABLE = ['PAYMENT_PENDING', 'PAYMENT_SCHEDULED'];

/** Consent scenarios, chosen by the cents of `paymentMethodConfig.maximumVariableAmount`. */
export const CONSENT_SCENARIOS: Record<string, string> = {
  '.91': 'CONSENT_PARTIALLY_ACCEPTED on approval, then CONSENT_AUTHORIZED a minute later',
  '.92': 'CONSENT_REVOKED (REVOGADO_USUARIO) an hour after authorization',
  '.93': 'CONSENT_PERIOD_EXPIRED a day after authorization',
  '.94': 'ERROR (FALHA_INFRAESTRUTURA) instead of authorization',
  '.95': 'CANCELED by the bank instead of authorization',
};

export function createConsent(state: SandboxState, appId: string, body: Record<string, any>, linkValidMs = REDIRECT_VALID_MS): ConsentRecord {
  const config = body.paymentMethodConfig;
  if (config.minimumVariableAmount && config.maximumVariableAmount && Number(config.minimumVariableAmount) > Number(config.maximumVariableAmount)) {
    throw new ApiError(422, `paymentMethodConfig.minimumVariableAmount (${config.minimumVariableAmount}) exceeds maximumVariableAmount (${config.maximumVariableAmount})`);
  }
  admitCreate(state, appId, 'consent', body.clientRequestId, config.firstPayment?.amount);
  const now = state.clock.now();
  const id = state.ids.consentId();
  const record: ConsentRecord = { id, appId, createdAt: now, request: body, life: awaitingAuthorization(now, 'EXPIRED'), link: state.newLink('consent', id, linkValidMs) };
  state.consents.set(id, record);
  return record;
}

export function findConsent(state: SandboxState, appIds: readonly string[], id: string): ConsentRecord {
  return findOwned(state, state.consents, appIds, id, 'consent');
}

export function approveConsent(state: SandboxState, record: ConsentRecord): void {
  const now = state.clock.now();
  const cents = String(record.request.paymentMethodConfig.maximumVariableAmount ?? '').slice(-3);
  switch (cents) {
    case '.91':
      record.life.set('CONSENT_PARTIALLY_ACCEPTED', now);
      record.life.plan([{ at: now + MINUTE, status: 'CONSENT_AUTHORIZED' }]);
      return;
    case '.94':
      record.life.set('ERROR', now, reason('FALHA_INFRAESTRUTURA', 'Falha de infraestrutura.'));
      record.life.plan([]);
      return;
    case '.95':
      record.life.set('CANCELED', now, reason('CANCELADO_PENDENCIA', 'Consentimento cancelado pela detentora de conta.'));
      record.life.plan([]);
      return;
  }
  record.life.set('CONSENT_AUTHORIZED', now);
  if (cents === '.92') record.life.plan([{ at: now + HOUR, status: 'CONSENT_REVOKED', reason: reason('REVOGADO_USUARIO', 'Consentimento revogado pelo usuário.') }]);
  else if (cents === '.93') record.life.plan([{ at: now + DAY, status: 'CONSENT_PERIOD_EXPIRED' }]);
  else record.life.plan([]);
}

export function rejectConsent(state: SandboxState, record: ConsentRecord): void {
  record.life.set('CONSENT_REJECTED', state.clock.now(), reason('REJEITADO_USUARIO', 'O usuário rejeitou o consentimento.'));
  record.life.plan([]);
}

/** Midnight of a Brasília date, in epoch ms. */
const startOfBrasiliaDate = (date: string): number => Date.parse(`${date}T03:00:00Z`);

function checkDate(state: SandboxState, date: string): void {
  const today = brasiliaDate(state.clock.now());
  if (date < today) throw new ApiError(422, `date ${date} is in the past; the earliest date is today, ${today} (Brasília)`);
}

/** The payment's first status and its planned moves: scheduled until its date, then settled. */
function paymentLife(state: SandboxState, request: Record<string, any>, mayFail: boolean): Lifecycle {
  const now = state.clock.now();
  const due = Math.max(now, startOfBrasiliaDate(request.date));
  const outcome = mayFail ? instantOutcome(request.amount) : ({ kind: 'complete' } as const);
  const final: string | [string, StatusReason] =
    outcome.kind === 'reject'
      ? ['PAYMENT_REJECTED', reason(outcome.code, outcome.message)]
      : outcome.kind === 'error'
        ? ['ERROR', reason(outcome.code, outcome.message)]
        : 'PAYMENT_COMPLETED';
  if (due > now) {
    const life = new Lifecycle('PAYMENT_SCHEDULED', now);
    life.plan([{ at: due, status: 'PAYMENT_PENDING' }, ...steps(due, SECOND, ['PAYMENT_SETTLEMENT_PROCESSING', final])]);
    return life;
  }
  const life = new Lifecycle('PAYMENT_PENDING', now);
  life.plan(steps(now, SECOND, ['PAYMENT_SETTLEMENT_PROCESSING', final]));
  return life;
}

export function createAutomaticPayment(state: SandboxState, appIds: readonly string[], consentId: string, body: Record<string, any>): AutomaticPaymentRecord {
  const consent = findConsent(state, appIds, consentId);
  if (consent.life.status !== 'CONSENT_AUTHORIZED') {
    throw new ApiError(422, `consent ${consentId} is ${consent.life.status}; payments can be scheduled only while it is CONSENT_AUTHORIZED`);
  }
  const config = consent.request.paymentMethodConfig;
  const amount = Number(body.amount);
  if (config.minimumVariableAmount && amount < Number(config.minimumVariableAmount)) {
    throw new ApiError(422, `amount ${body.amount} is below the consent's minimumVariableAmount ${config.minimumVariableAmount}`);
  }
  if (config.maximumVariableAmount && amount > Number(config.maximumVariableAmount)) {
    throw new ApiError(422, `amount ${body.amount} is above the consent's maximumVariableAmount ${config.maximumVariableAmount}`);
  }
  checkDate(state, body.date);
  admitCreate(state, consent.appId, 'automatic-payment', body.clientRequestId, body.amount);
  return addPayment(state, consent, body, undefined);
}

function addPayment(state: SandboxState, consent: ConsentRecord, body: Record<string, any>, originalPaymentId: string | undefined): AutomaticPaymentRecord {
  const now = state.clock.now();
  const record: AutomaticPaymentRecord = {
    id: state.ids.uuid(),
    appId: consent.appId,
    consentId: consent.id,
    originalPaymentId,
    createdAt: now,
    request: body,
    endToEndId: state.ids.endToEndId(consent.request.debtorAccount?.ispb ?? '00000000', now),
    cancellation: undefined,
    // A retry is the second chance the magic amount's first attempt did not get.
    life: paymentLife(state, body, originalPaymentId === undefined),
  };
  state.automaticPayments.set(record.id, record);
  return record;
}

export function findAutomaticPayment(state: SandboxState, appIds: readonly string[], consentId: string, paymentId: string): AutomaticPaymentRecord {
  findConsent(state, appIds, consentId);
  const record = state.automaticPayments.get(paymentId);
  if (!record || record.consentId !== consentId) throw new ApiError(404, `payment ${paymentId} of consent ${consentId} was not found`);
  record.life.catchUp(state.clock);
  return record;
}

export function cancelAutomaticPayment(state: SandboxState, record: AutomaticPaymentRecord, body: { cancelledBy: string; identifierType: string }): void {
  if (!PAYMENT_CANCELLABLE.includes(record.life.status)) {
    throw new ApiError(422, `payment ${record.id} is ${record.life.status} and can no longer be cancelled; it can be cancelled while ${PAYMENT_CANCELLABLE.join(' or ')}`);
  }
  const now = state.clock.now();
  record.cancellation = { cancelledFrom: 'MERCHANT', cancelledAt: now, cancelledBy: { identifierType: body.identifierType, identifier: body.cancelledBy } };
  record.life.set('CANCELED', now, reason('CANCELADO_AGENDAMENTO', 'Agendamento cancelado pelo recebedor.'));
  record.life.plan([]);
}

export function retryAutomaticPayment(state: SandboxState, appIds: readonly string[], original: AutomaticPaymentRecord, body: { clientRequestId: string; date: string }): AutomaticPaymentRecord {
  const consent = findConsent(state, appIds, original.consentId);
  if (original.life.status !== 'PAYMENT_REJECTED') {
    throw new ApiError(422, `payment ${original.id} is ${original.life.status}; only a PAYMENT_REJECTED payment can be retried`);
  }
  if (consent.request.paymentMethodConfig.isRetryAccepted !== true) {
    throw new ApiError(422, `consent ${consent.id} does not accept retries (paymentMethodConfig.isRetryAccepted is false)`);
  }
  checkDate(state, body.date);
  claimKey(state, consent.appId, 'automatic-payment', body.clientRequestId);
  const { autoRetryStrategy: _notCarried, ...rest } = original.request;
  return addPayment(state, consent, { ...rest, clientRequestId: body.clientRequestId, date: body.date }, original.id);
}

const awaitingUrl = (state: SandboxState, record: ConsentRecord) =>
  record.life.status === 'CONSENT_AWAITING_AUTHORIZATION' ? { consentRedirectURL: state.linkUrl(record.link) } : {};

export function consentCreatedView(state: SandboxState, record: ConsentRecord) {
  return { id: record.id, clientRequestId: record.request.clientRequestId, status: record.life.status, ...reasonOf(record), ...awaitingUrl(state, record) };
}

export function consentStatusView(state: SandboxState, record: ConsentRecord) {
  return { ...consentCreatedView(state, record), statusUpdateAt: timestamp(record.life.updatedAt) };
}

export function consentView(record: ConsentRecord) {
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

export function automaticPaymentView(state: SandboxState, record: AutomaticPaymentRecord) {
  const consent = state.consents.get(record.consentId);
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

export function automaticPaymentStatusView(state: SandboxState, record: AutomaticPaymentRecord) {
  const { id, consentId, currency, status, statusUpdateAt } = automaticPaymentView(state, record);
  const { clientRequestId, amount } = record.request as { clientRequestId: string; amount: string };
  return { id, consentId, clientRequestId, amount, currency, status, ...reasonOf(record), statusUpdateAt };
}
