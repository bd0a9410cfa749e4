// The records and what indexes them (by id, by app and by consent in creation order, bank links,
// idempotency keys, one-off 429s), and the only code that changes them. Outside this module a
// record is read-only (domain/records.ts); every method here that changes one tells the change
// stream (domain/changes.ts), and so does every lifecycle of a stored record (`LifeWatch`). A
// change the data file or a listener does not hear of cannot be written.
import type { SandboxClock } from '../clock.js';
import type { MachineName, StatusOf } from '../spec-model.js';
import type {
  Cancelled,
  ChangeStream,
  EndToEndIdAssigned,
  LinkDecided,
  LinkOpened,
  RecordCreated,
  RecordEvicted,
  Replanned,
  StatusMoved,
} from './changes.js';
import type { LifecycleObserver, MoveCause, StatusReason } from './lifecycle.js';
import { indexOf, type CreationIndex } from './listing.js';
import type {
  AnyRecord,
  AutomaticPaymentRecord,
  BankLink,
  Cancellation,
  ConsentRecord,
  InstantPaymentRecord,
  RecordKind,
  RecordOf,
} from './records.js';
import { UsedKeys } from './used-keys.js';

/** The fields of `T` as the store writes them; everywhere else they are read-only. */
type Writable<T> = { -readonly [P in keyof T]: T[P] };

/** What the Management lists read of a creation index; only the store adds to it or removes from it. */
export type CreationList<T extends { id: string; createdAt: number }> = Pick<
  CreationIndex<T>,
  'size' | 'values' | 'page'
>;

// The changes are built with `as`: TypeScript does not follow that a record's `kind` and its
// statuses belong together, but each change takes both from the one record, so they do.

/**
 * Tells the change stream of every move and new plan of a stored record's lifecycle. One for the
 * store: each lifecycle keeps its record, so storing a record makes no object for it, and a move
 * costs a property read when nobody listens.
 */
class LifeWatch implements LifecycleObserver<MachineName, AnyRecord> {
  constructor(
    readonly changes: ChangeStream,
    readonly clock: SandboxClock,
  ) {}

  moved(
    record: AnyRecord,
    from: StatusOf<MachineName>,
    to: StatusOf<MachineName>,
    at: number,
    reason: StatusReason | undefined,
    cause: MoveCause,
  ): void {
    if (!this.changes.listening) return;
    this.changes.emit({
      type: 'status-moved',
      kind: record.kind,
      id: record.id,
      appId: record.appId,
      at,
      record,
      from,
      to,
      reason,
      cause,
    } as StatusMoved);
  }

  replanned(record: AnyRecord): void {
    if (!this.changes.listening) return;
    this.changes.emit({
      type: 'replanned',
      kind: record.kind,
      id: record.id,
      appId: record.appId,
      at: this.clock.now(),
      record,
    } as Replanned);
  }
}

export class RecordStore {
  readonly #records: { readonly [K in RecordKind]: Map<string, RecordOf<K>> } = {
    instant: new Map(),
    consent: new Map(),
    'automatic-payment': new Map(),
  };
  /** The same records in creation order, for the Management lists: by app, and by consent. */
  readonly #instantByApp = new Map<string, CreationIndex<InstantPaymentRecord>>();
  readonly #consentsByApp = new Map<string, CreationIndex<ConsentRecord>>();
  readonly #paymentsByConsent = new Map<string, CreationIndex<AutomaticPaymentRecord>>();
  readonly #links = new Map<string, BankLink>();
  /** clientRequestIds used per app and kind of resource. */
  readonly #usedKeys = new UsedKeys();
  /** `${appId} ${clientRequestId}`s that already got their simulated 429 (magic amount .29). */
  readonly #rateLimited = new Set<string>();
  readonly #watch: LifeWatch;

  constructor(
    readonly clock: SandboxClock,
    readonly changes: ChangeStream,
  ) {
    this.#watch = new LifeWatch(changes, clock);
  }

  // Reads. None of them brings a record up to date with the clock: the finds and queries that hand
  // records out do (domain/state.ts, domain/instant.ts, …).

  instantPayment(id: string): InstantPaymentRecord | undefined {
    return this.#records.instant.get(id);
  }

  consent(id: string): ConsentRecord | undefined {
    return this.#records.consent.get(id);
  }

  automaticPayment(id: string): AutomaticPaymentRecord | undefined {
    return this.#records['automatic-payment'].get(id);
  }

  link(token: string): BankLink | undefined {
    return this.#links.get(token);
  }

  /** The record a bank link is the page of. */
  linked(link: BankLink): InstantPaymentRecord | ConsentRecord | undefined {
    return link.kind === 'instant'
      ? this.#records.instant.get(link.resourceId)
      : this.#records.consent.get(link.resourceId);
  }

  /** Every record of `kind`, oldest first. */
  records<K extends RecordKind>(kind: K): IterableIterator<RecordOf<K>> {
    return this.#records[kind].values();
  }

  /** How many records of `kind` are stored; of every kind without one. */
  count(kind?: RecordKind): number {
    if (kind) return this.#records[kind].size;
    return this.#records.instant.size + this.#records.consent.size + this.#records['automatic-payment'].size;
  }

  instantsOf(appId: string): CreationList<InstantPaymentRecord> | undefined {
    return this.#instantByApp.get(appId);
  }

  consentsOf(appId: string): CreationList<ConsentRecord> | undefined {
    return this.#consentsByApp.get(appId);
  }

  paymentsOf(consentId: string): CreationList<AutomaticPaymentRecord> | undefined {
    return this.#paymentsByConsent.get(consentId);
  }

  isRateLimited(appId: string, clientRequestId: string): boolean {
    return this.#rateLimited.has(`${appId} ${clientRequestId}`);
  }

  /**
   * The three stores merged oldest first (each Map iterates in creation order), for retention.
   * The Maps are read lazily, so evicting from them while this runs is safe.
   */
  *oldestFirst(): Generator<AnyRecord> {
    const sources: Iterator<AnyRecord>[] = [
      this.#records.instant.values(),
      this.#records.consent.values(),
      this.#records['automatic-payment'].values(),
    ];
    const heads = sources.map((source) => source.next());
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!;
        if (!head.done && (best < 0 || head.value.createdAt < (heads[best]!.value as AnyRecord).createdAt)) best = i;
      }
      if (best < 0) return;
      const chosen = heads[best]!.value as AnyRecord;
      heads[best] = sources[best]!.next();
      yield chosen;
    }
  }

  /** What the store holds besides the records, as plain data: for diagnostics and tests. */
  snapshot() {
    const ids = <T extends { id: string; createdAt: number }>(indexes: Map<string, CreationIndex<T>>) =>
      Object.fromEntries([...indexes].map(([key, index]) => [key, [...index.values()].map((record) => record.id)]));
    return {
      links: [...this.#links.keys()],
      usedKeys: [...this.#usedKeys],
      rateLimited: [...this.#rateLimited],
      lists: {
        instant: ids(this.#instantByApp),
        consents: ids(this.#consentsByApp),
        payments: ids(this.#paymentsByConsent),
      },
    };
  }

  /**
   * Claims an idempotency key; false when it was used before. Synchronous, so concurrent creates
   * cannot both win. Not a change of its own: the record it is claimed for is made next
   * (domain/admission.ts claims last), and a restored record claims its key again.
   */
  claimKey(appId: string, kind: RecordKind, clientRequestId: string): boolean {
    return this.#usedKeys.claim(appId, kind, clientRequestId);
  }

  // Changes. Each is told to the change stream once it is made.

  /** A new record: stored, indexed, its bank link registered and its lifecycle observed. */
  add(record: AnyRecord): void {
    this.#insert(record);
    if (!this.changes.listening) return;
    this.changes.emit({
      type: 'created',
      kind: record.kind,
      id: record.id,
      appId: record.appId,
      at: record.createdAt,
      record,
      status: record.life.status,
    } as RecordCreated);
  }

  /**
   * A record read back from a data file, in the order they were made: stored where a new one is,
   * with its bank link and its idempotency key, but not a change (it is in the file already).
   */
  restore(record: AnyRecord): void {
    this.#insert(record);
    // Every claimed key belongs to the record it was claimed for (domain/admission.ts claims last).
    this.#usedKeys.claim(record.appId, record.kind, record.request.clientRequestId);
  }

  /** A one-off 429 read back from a data file, as `${appId} ${clientRequestId}`. */
  restoreRateLimit(key: string): void {
    this.#rateLimited.add(key);
  }

  #insert(record: AnyRecord): void {
    switch (record.kind) {
      case 'instant':
        this.#records.instant.set(record.id, record);
        indexOf(this.#instantByApp, record.appId).add(record);
        this.#links.set(record.link.token, record.link);
        record.life.observe(this.#watch, record);
        break;
      case 'consent':
        this.#records.consent.set(record.id, record);
        indexOf(this.#consentsByApp, record.appId).add(record);
        this.#links.set(record.link.token, record.link);
        record.life.observe(this.#watch, record);
        break;
      case 'automatic-payment':
        this.#records['automatic-payment'].set(record.id, record);
        indexOf(this.#paymentsByConsent, record.consentId).add(record);
        record.life.observe(this.#watch, record);
        break;
    }
  }

  assignEndToEndId(record: InstantPaymentRecord, endToEndId: string): void {
    (record as Writable<InstantPaymentRecord>).endToEndId = endToEndId;
    if (!this.changes.listening) return;
    const change: EndToEndIdAssigned = {
      type: 'end-to-end-id-assigned',
      kind: 'instant',
      id: record.id,
      appId: record.appId,
      at: this.clock.now(),
      record,
      endToEndId,
    };
    this.changes.emit(change);
  }

  cancel(record: InstantPaymentRecord | AutomaticPaymentRecord, cancellation: Cancellation): void {
    (record as Writable<typeof record>).cancellation = cancellation;
    if (!this.changes.listening) return;
    this.changes.emit({
      type: 'cancelled',
      kind: record.kind,
      id: record.id,
      appId: record.appId,
      at: cancellation.cancelledAt,
      record,
      cancellation,
    } as Cancelled);
  }

  /** A person opened the link's page: it is used; `formToken` guards the decision form, when one is offered. */
  openLink(link: BankLink, formToken: string | undefined): void {
    const writable = link as Writable<BankLink>;
    writable.opened = true;
    writable.formToken = formToken;
    const record = this.#told(link);
    if (record)
      this.changes.emit({
        type: 'link-opened',
        kind: record.kind,
        id: record.id,
        appId: record.appId,
        at: this.clock.now(),
        record,
        awaitingDecision: formToken !== undefined,
      } as LinkOpened);
  }

  /** A person submitted the decision form: it cannot be submitted again. */
  decideLink(link: BankLink, decision: 'approve' | 'reject'): void {
    (link as Writable<BankLink>).formToken = undefined;
    const record = this.#told(link);
    if (record)
      this.changes.emit({
        type: 'link-decided',
        kind: record.kind,
        id: record.id,
        appId: record.appId,
        at: this.clock.now(),
        record,
        decision,
      } as LinkDecided);
  }

  /** The record behind `link` when someone listens to its changes. */
  #told(link: BankLink): InstantPaymentRecord | ConsentRecord | undefined {
    return this.changes.listening ? this.linked(link) : undefined;
  }

  markRateLimited(appId: string, clientRequestId: string, limited: boolean): void {
    const key = `${appId} ${clientRequestId}`;
    if (limited) this.#rateLimited.add(key);
    else this.#rateLimited.delete(key);
    if (this.changes.listening)
      this.changes.emit({ type: limited ? 'rate-limit-set' : 'rate-limit-cleared', appId, clientRequestId });
  }

  /**
   * Forgets `batch`, in its order: each record's id answers 404 from now on, its bank link is dead
   * and its clientRequestId (and the one-off 429 it may have had) may be used again. The creation indexes are
   * compacted once for the batch, so the cost is amortised over it.
   */
  evict(batch: ReadonlySet<AnyRecord>): void {
    if (batch.size === 0) return;
    const now = this.clock.now();
    const touchedApps = new Set<string>();
    const touchedConsents = new Set<string>();
    for (const record of batch) {
      switch (record.kind) {
        case 'instant':
          this.#records.instant.delete(record.id);
          this.#links.delete(record.link.token);
          touchedApps.add(record.appId);
          break;
        case 'consent':
          this.#records.consent.delete(record.id);
          this.#links.delete(record.link.token);
          // Its payments go in the same batch (domain/retention.ts): the whole index goes.
          this.#paymentsByConsent.delete(record.id);
          touchedApps.add(record.appId);
          break;
        case 'automatic-payment':
          this.#records['automatic-payment'].delete(record.id);
          touchedConsents.add(record.consentId);
          break;
      }
      const { clientRequestId } = record.request;
      this.#usedKeys.release(record.appId, record.kind, clientRequestId);
      if (this.isRateLimited(record.appId, clientRequestId)) this.markRateLimited(record.appId, clientRequestId, false);
      if (this.changes.listening)
        this.changes.emit({
          type: 'evicted',
          kind: record.kind,
          id: record.id,
          appId: record.appId,
          at: now,
          record,
        } as RecordEvicted);
    }
    const gone = (record: AnyRecord) => batch.has(record);
    for (const appId of touchedApps) {
      this.#instantByApp.get(appId)?.removeWhere(gone);
      this.#consentsByApp.get(appId)?.removeWhere(gone);
    }
    for (const consentId of touchedConsents) this.#paymentsByConsent.get(consentId)?.removeWhere(gone);
  }
}
