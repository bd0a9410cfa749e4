// The Management views: a merchant's apps, and the same payments and consents the Customer API
// made, listed newest first with cursor pagination and date filters.
import { brasiliaDate, timestamp } from '../clock.js';
import { ApiError } from '../errors.js';
import { automaticPaymentView, consentView } from './automatic.js';
import { instantView } from './instant.js';
import type { InstantPaymentRecord, MerchantApp, SandboxState } from './state.js';

export interface PageQuery {
  pageSize?: number;
  cursor?: string;
  startDate?: string;
  endDate?: string;
}

interface Listable {
  id: string;
  createdAt: number;
}

export function appsOf(state: SandboxState, merchantId: string): MerchantApp[] {
  return state.apps.filter((app) => app.merchantId === merchantId);
}

export function findApp(state: SandboxState, merchantId: string, appId: string): MerchantApp {
  const app = appsOf(state, merchantId).find((a) => a.appId === appId);
  if (!app) throw new ApiError(404, `app ${appId} was not found`);
  return app;
}

const encodeCursor = (item: Listable) => Buffer.from(JSON.stringify([item.createdAt, item.id])).toString('base64url');

function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, 'query.cursor is not a cursor this server issued: pass the nextCursor of the previous page');
}

/**
 * Newest first, then by id. The cursor is the last item's (creation time, id), so items created
 * while a client pages through do not shift the pages it has yet to read.
 */
export function page<T extends Listable, V>(items: Iterable<T>, query: PageQuery, view: (item: T) => V): { data: V[]; nextCursor?: string } {
  const { pageSize = 20, cursor, startDate, endDate } = query;
  if (startDate && endDate && startDate > endDate) throw new ApiError(400, `query.startDate (${startDate}) must not be after query.endDate (${endDate})`);
  const after = cursor ? decodeCursor(cursor) : undefined;
  const sorted = [...items]
    .filter((item) => {
      const day = brasiliaDate(item.createdAt);
      return (!startDate || day >= startDate) && (!endDate || day <= endDate);
    })
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const start = after ? sorted.findIndex((item) => item.createdAt < after[0] || (item.createdAt === after[0] && item.id < after[1])) : 0;
  const slice = start < 0 ? [] : sorted.slice(start, start + pageSize);
  const last = slice.at(-1);
  const more = start >= 0 && start + pageSize < sorted.length;
  return { data: slice.map(view), ...(more && last ? { nextCursor: encodeCursor(last) } : {}) };
}

export function listOrders(state: SandboxState, app: MerchantApp, query: PageQuery) {
  const orders = [...state.instantPayments.values()].filter((p) => p.appId === app.appId);
  for (const order of orders) order.life.catchUp(state.clock);
  return page(orders, query, instantView);
}

export function listConsents(state: SandboxState, app: MerchantApp, query: PageQuery) {
  const consents = [...state.consents.values()].filter((c) => c.appId === app.appId);
  for (const consent of consents) consent.life.catchUp(state.clock);
  return page(consents, query, consentView);
}

export function listConsentPayments(state: SandboxState, app: MerchantApp, consentId: string, query: PageQuery) {
  const consent = state.consents.get(consentId);
  if (!consent || consent.appId !== app.appId) throw new ApiError(404, `consent ${consentId} was not found`);
  const payments = [...state.automaticPayments.values()].filter((p) => p.consentId === consentId);
  for (const payment of payments) payment.life.catchUp(state.clock);
  return page(payments, query, (p) => automaticPaymentView(state, p));
}

const LEGACY_METHOD: Record<string, string> = { PIX_MANU: 'PIX_MANU', PIX_DICT: 'PIX_DICT', PIX_INIC: 'PIX_DICT', PIX_QRCODE: 'PIX_QRCODE' };
/** The account the simulated bank debits when the merchant did not name one. */
const SANDBOX_DEBTOR = { ispb: '00000000', issuer: '0001', number: '1234567', accountType: 'CACC' };
/** What the simulated DICT answers for any Pix key or QR code. */
const SANDBOX_CREDITOR = { ispb: '87654321', issuer: '0001', number: '99999999', accountType: 'CACC', taxId: '44471172000119', name: 'Recebedor Sandbox' };

/** The legacy order model of "Get an order" (see DECISIONS.md): the same payment, older field names. */
export function legacyOrderView(app: MerchantApp, record: InstantPaymentRecord) {
  const { request } = record;
  const debtor = request.debtorAccount ?? SANDBOX_DEBTOR;
  const creditorAccount = request.creditorAccount;
  const creditor = creditorAccount?.holder
    ? { ispb: creditorAccount.ispb, issuer: creditorAccount.issuer ?? '0001', number: creditorAccount.number, accountType: creditorAccount.accountType, taxId: creditorAccount.holder.identifier, name: creditorAccount.holder.name }
    : SANDBOX_CREDITOR;
  const reason = record.life.reason;
  return {
    id: record.id,
    createAt: timestamp(record.createdAt),
    updateAt: timestamp(record.life.updatedAt),
    ...(reason ? { error: { code: reason.code, title: reason.code.replace(/_/g, ' ').toLowerCase(), detail: reason.message } } : {}),
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
    debtor: { ispb: debtor.ispb, issuer: debtor.issuer ?? '0001', number: debtor.number, accountType: debtor.accountType },
    creditor,
    ...(request.ibgeTownCode ? { ibge: request.ibgeTownCode } : {}),
    ...(request.externalInfo ? { metadata: request.externalInfo } : {}),
    ...(record.endToEndId ? { endToEndId: record.endToEndId } : {}),
    consentId: record.consentId,
    paymentId: record.id,
  };
}
