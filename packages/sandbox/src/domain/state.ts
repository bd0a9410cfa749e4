import type { SandboxClock } from '../clock.js';
import type { IdSource } from '../ids.js';
import { ApiError } from '../errors.js';
import type { AnyLifecycle, Lifecycle } from './lifecycle.js';
import { indexOf, type CreationIndex } from './listing.js';
import { enforceRetention } from './retention.js';
import type { Journal } from '../persistence/journal.js';
import { UsedKeys } from './used-keys.js';
import type { AnyRecord, RecordKind } from '../persistence/records.js';

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
  /** clientRequestIds used per app and kind of resource. */
  readonly usedKeys = new UsedKeys();
  /** The store size at which retention next tries to evict, after an attempt that could not (domain/retention.ts). */
  retentionRetryAt = 0;
  /** `${appId} ${clientRequestId}`s that already got their simulated 429 (magic amount .29). */
  readonly rateLimited = new Set<string>();
  /**
   * Told of every change to what is stored, when the state is kept in a data file (`--data`);
   * without one, nothing listens. Code that changes a record calls `changed` once it is done.
   */
  journal: Journal | undefined;

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
    return this.usedKeys.claim(appId, kind, clientRequestId);
  }

  addInstantPayment(record: InstantPaymentRecord): void {
    this.#insert('instant', record);
    this.changed('instant', record);
    enforceRetention(this, this.maxRecords);
  }

  addConsent(record: ConsentRecord): void {
    this.#insert('consent', record);
    this.changed('consent', record);
    enforceRetention(this, this.maxRecords);
  }

  addAutomaticPayment(record: AutomaticPaymentRecord): void {
    this.#insert('automatic-payment', record);
    this.changed('automatic-payment', record);
    enforceRetention(this, this.maxRecords);
  }

  /**
   * A record read back from a data file, in the order they were made: stored where a new one is,
   * with its bank link and its idempotency key, but not written again and not yet subject to
   * retention (the caller applies it once all are back).
   */
  restore(kind: RecordKind, record: AnyRecord): void {
    this.#insert(kind, record);
    // Every claimed key belongs to the record it was claimed for (domain/admission.ts claims last).
    this.usedKeys.claim(record.appId, kind, String(record.request.clientRequestId));
  }

  #insert(kind: RecordKind, record: AnyRecord): void {
    if (kind === 'instant') {
      const payment = record as InstantPaymentRecord;
      this.instantPayments.set(payment.id, payment);
      indexOf(this.instantByApp, payment.appId).add(payment);
      this.links.set(payment.link.token, payment.link);
    } else if (kind === 'consent') {
      const consent = record as ConsentRecord;
      this.consents.set(consent.id, consent);
      indexOf(this.consentsByApp, consent.appId).add(consent);
      this.links.set(consent.link.token, consent.link);
    } else {
      const payment = record as AutomaticPaymentRecord;
      this.automaticPayments.set(payment.id, payment);
      indexOf(this.paymentsByConsent, payment.consentId).add(payment);
    }
  }

  /** `record` was made or changed: written with the request's commit when there is a data file. */
  changed(kind: RecordKind, record: AnyRecord): void {
    this.journal?.changed(kind, record);
  }

  /** The record behind a bank link changed (the link was opened, or a decision made). */
  linkChanged(link: BankLink): void {
    const record = link.kind === 'instant' ? this.instantPayments.get(link.resourceId) : this.consents.get(link.resourceId);
    if (record) this.changed(link.kind, record);
  }

  removed(kind: RecordKind, id: string): void {
    this.journal?.removed(kind, id);
  }

  markRateLimited(key: string, limited: boolean): void {
    if (limited) this.rateLimited.add(key);
    else this.rateLimited.delete(key);
    this.journal?.rateLimited(key, limited);
  }

  /** A link for a record about to be added, which registers it (`#insert`). */
  newLink(kind: BankLink['kind'], resourceId: string, validForMs: number): BankLink {
    return { token: this.ids.token(), kind, resourceId, expiresAt: this.clock.now() + validForMs, opened: false, formToken: undefined };
  }

  linkUrl(link: BankLink): string {
    return `${this.baseUrl}/sandbox/bank/authorize/${link.token}`;
  }
}
