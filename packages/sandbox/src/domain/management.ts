// The Management views: a merchant's apps, and the same payments and consents the Customer API
// made, listed newest first with cursor pagination and date filters.
import type {
  AutomaticConsentList,
  AutomaticPaymentList,
  InitType,
  LegacyOrderMethod,
  ManagementOrder,
  OrderList,
} from '@klavi-pay/spec/types';
import { brasiliaDate, timestamp } from '../clock.js';
import { ApiError } from '../errors.js';
import { automaticPaymentView, consentView } from './automatic.js';
import { instantView } from './instant.js';
import { checkQuery, type PageQuery } from './listing.js';
import type { InstantPaymentRecord, MerchantApp } from './records.js';
import type { SandboxState } from './state.js';

export type { PageQuery } from './listing.js';

export function appsOf(state: SandboxState, merchantId: string): MerchantApp[] {
  return state.apps.filter((app) => app.merchantId === merchantId);
}

export function findApp(state: SandboxState, merchantId: string, appId: string): MerchantApp {
  const app = appsOf(state, merchantId).find((a) => a.appId === appId);
  if (!app) throw new ApiError(404, `app ${appId} was not found`);
  return app;
}

export function listOrders(state: SandboxState, app: MerchantApp, query: PageQuery): OrderList {
  return (
    state.store.instantsOf(app.appId)?.page(query, instantView, (order) => order.life.catchUp(state.clock)) ??
    checked(query)
  );
}

export function listConsents(state: SandboxState, app: MerchantApp, query: PageQuery): AutomaticConsentList {
  return (
    state.store.consentsOf(app.appId)?.page(query, consentView, (consent) => consent.life.catchUp(state.clock)) ??
    checked(query)
  );
}

/** An empty list still refuses a bad cursor or date range, as a full one does. */
function checked(query: PageQuery): { data: never[] } {
  checkQuery(query);
  return { data: [] };
}

export function listConsentPayments(
  state: SandboxState,
  app: MerchantApp,
  consentId: string,
  query: PageQuery,
): AutomaticPaymentList {
  const consent = state.store.consent(consentId);
  if (!consent || consent.appId !== app.appId) throw new ApiError(404, `consent ${consentId} was not found`);
  return (
    state.store.paymentsOf(consentId)?.page(
      query,
      (p) => automaticPaymentView(state, p),
      (p) => p.life.catchUp(state.clock),
    ) ?? checked(query)
  );
}

const LEGACY_METHOD: Record<InitType, LegacyOrderMethod> = {
  PIX_MANU: 'PIX_MANU',
  PIX_DICT: 'PIX_DICT',
  PIX_INIC: 'PIX_DICT',
  PIX_QRCODE: 'PIX_QRCODE',
};
/** The account the simulated bank debits when the merchant did not name one. */
const SANDBOX_DEBTOR = { ispb: '00000000', issuer: '0001', number: '1234567', accountType: 'CACC' };
/** What the simulated DICT answers for every Pix key or QR code. */
const SANDBOX_CREDITOR = {
  ispb: '87654321',
  issuer: '0001',
  number: '99999999',
  accountType: 'CACC',
  taxId: '44471172000119',
  name: 'Recebedor Sandbox',
};

/** The legacy order model of "Get an order" (see DECISIONS.md): the same payment, older field names. */
export function legacyOrderView(app: MerchantApp, record: InstantPaymentRecord): ManagementOrder {
  const { request } = record;
  const debtor = request.debtorAccount ?? SANDBOX_DEBTOR;
  const creditorAccount = request.creditorAccount;
  const creditor = creditorAccount?.holder
    ? {
        ispb: creditorAccount.ispb,
        issuer: creditorAccount.issuer ?? '0001',
        number: creditorAccount.number,
        accountType: creditorAccount.accountType,
        taxId: creditorAccount.holder.identifier,
        name: creditorAccount.holder.name,
      }
    : SANDBOX_CREDITOR;
  const reason = record.life.reason;
  return {
    id: record.id,
    createAt: timestamp(record.createdAt),
    updateAt: timestamp(record.life.updatedAt),
    ...(reason
      ? { error: { code: reason.code, title: reason.code.replace(/_/g, ' ').toLowerCase(), detail: reason.message } }
      : {}),
    status: record.life.status,
    externalId: request.clientRequestId,
    appId: record.appId,
    provider: { tradeName: app.name },
    participantId: request.institutionId,
    user: { taxId: request.customer.identifier, ...(request.customer.name ? { name: request.customer.name } : {}) },
    method: LEGACY_METHOD[request.initType] ?? 'PIX_DICT',
    amount: request.amount,
    date: request.date ?? brasiliaDate(record.createdAt),
    redirectURL: request.redirectURL,
    debtor: {
      ispb: debtor.ispb,
      issuer: debtor.issuer ?? '0001',
      number: debtor.number,
      accountType: debtor.accountType,
    },
    creditor,
    ...(request.ibgeTownCode ? { ibge: request.ibgeTownCode } : {}),
    ...(request.externalInfo ? { metadata: request.externalInfo } : {}),
    ...(record.endToEndId ? { endToEndId: record.endToEndId } : {}),
    consentId: record.consentId,
    paymentId: record.id,
  };
}
