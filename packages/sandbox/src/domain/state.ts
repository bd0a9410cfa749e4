import type { SandboxClock } from '../clock.js';
import type { IdSource } from '../ids.js';
import { ApiError } from '../errors.js';
import type { AnyLifecycle, Lifecycle } from './lifecycle.js';
import { indexOf, type CreationIndex } from './listing.js';
import { enforceRetention } from './retention.js';

export interface MerchantApp {
  appId: string;
  name: string;
  merchantId: string;
}

/** A single-use page at the simulated bank, where a person approves or rejects. */
export interface BankLink {
  token: string;
  kind: 'instant' | 'consent';
  resourceId: string;
  expiresAt: number;
  opened: boolean;
  /** Guards the decision form of an opened page; cleared once a decision is made. */
  formToken: string | undefined;
}

export interface Cancellation {
  cancelledFrom: 'MERCHANT' | 'INITIATOR' | 'INSTITUTION';
  cancelledAt: number;
  cancelledBy: { identifierType: string; identifier: string };
}

/** A resource of one of the caller's apps, brought up to date with the clock, or a 404. */
export function findOwned<T extends { appId: string; life: AnyLifecycle }>(state: SandboxState, records: Map<string, T>, appIds: readonly string[], id: string, what: string): T {
  const record = records.get(id);
  if (!record || !appIds.includes(record.appId)) throw new ApiError(404, `${what} ${id} was not found`);
  record.life.catchUp(state.clock);
  return record;
}

/** `cancellation` for a view, present only when there is one. */
export function cancellationOf(record: { cancellation: Cancellation | undefined }, timestamp: (ms: number) => string) {
  return record.cancellation ? { cancellation: { ...record.cancellation, cancelledAt: timestamp(record.cancellation.cancelledAt) } } : {};
}

export interface InstantPaymentRecord {
  id: string;
  appId: string;
  createdAt: number;
  request: Record<string, any>;
  consentId: string;
  endToEndId: string | undefined;
  cancellation: Cancellation | undefined;
  life: Lifecycle<'InstantPaymentStatus'>;
  link: BankLink;
}

export interface ConsentRecord {
  id: string;
  appId: string;
  createdAt: number;
  request: Record<string, any>;
  life: Lifecycle<'AutomaticConsentStatus'>;
  link: BankLink;
}

export interface AutomaticPaymentRecord {
  id: string;
  appId: string;
  consentId: string;
  originalPaymentId: string | undefined;
  createdAt: number;
  request: Record<string, any>;
  endToEndId: string | undefined;
  cancellation: Cancellation | undefined;
  life: Lifecycle<'AutomaticPaymentStatus'>;
}

export class SandboxState {
  readonly instantPayments = new Map<string, InstantPaymentRecord>();
  readonly consents = new Map<string, ConsentRecord>();
  readonly automaticPayments = new Map<string, AutomaticPaymentRecord>();
  /** The same records in creation order, for the Management lists: by app, and by consent. */
  readonly instantByApp = new Map<string, CreationIndex<InstantPaymentRecord>>();
  readonly consentsByApp = new Map<string, CreationIndex<ConsentRecord>>();
  readonly paymentsByConsent = new Map<string, CreationIndex<AutomaticPaymentRecord>>();
  readonly links = new Map<string, BankLink>();
  /** clientRequestIds used per app and kind of resource: `${appId} ${kind} ${clientRequestId}`. */
  readonly usedKeys = new Set<string>();
  /** The store size at which retention next tries to evict, after an attempt that could not (domain/retention.ts). */
  retentionRetryAt = 0;
  /** clientRequestIds that already got their simulated 429 (magic amount .29). */
  readonly rateLimited = new Set<string>();

  constructor(
    readonly clock: SandboxClock,
    readonly ids: IdSource,
    readonly apps: MerchantApp[],
    /** Where the simulated bank's pages are served, e.g. `http://127.0.0.1:4010`. */
    public baseUrl: string,
    /** The most records kept before the oldest terminal ones are evicted (domain/retention.ts); none by default. */
    readonly maxRecords?: number,
  ) {}

  /** Claims an idempotency key; false when it was used before. Synchronous, so concurrent creates cannot both win. */
  claimKey(appId: string, kind: string, clientRequestId: string): boolean {
    const key = `${appId} ${kind} ${clientRequestId}`;
    if (this.usedKeys.has(key)) return false;
    this.usedKeys.add(key);
    return true;
  }

  addInstantPayment(record: InstantPaymentRecord): void {
    this.instantPayments.set(record.id, record);
    indexOf(this.instantByApp, record.appId).add(record);
    enforceRetention(this, this.maxRecords);
  }

  addConsent(record: ConsentRecord): void {
    this.consents.set(record.id, record);
    indexOf(this.consentsByApp, record.appId).add(record);
    enforceRetention(this, this.maxRecords);
  }

  addAutomaticPayment(record: AutomaticPaymentRecord): void {
    this.automaticPayments.set(record.id, record);
    indexOf(this.paymentsByConsent, record.consentId).add(record);
    enforceRetention(this, this.maxRecords);
  }

  newLink(kind: BankLink['kind'], resourceId: string, validForMs: number): BankLink {
    const link: BankLink = { token: this.ids.token(), kind, resourceId, expiresAt: this.clock.now() + validForMs, opened: false, formToken: undefined };
    this.links.set(link.token, link);
    return link;
  }

  linkUrl(link: BankLink): string {
    return `${this.baseUrl}/sandbox/bank/authorize/${link.token}`;
  }
}
