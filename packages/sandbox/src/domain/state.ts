// The domain's state: the clock, the ids, the apps, the records (domain/store.ts) under a bound
// (domain/retention.ts), and the change stream every change is told to (domain/changes.ts).
// Outside code reads it through SandboxStateView (domain/view.ts).
import type { SandboxClock } from '../clock.js';
import type { IdSource } from '../ids.js';
import { ApiError } from '../errors.js';
import { ChangeStream, type ChangeListener } from './changes.js';
import { Retention } from './retention.js';
import type {
  AnyRecord,
  AutomaticPaymentRecord,
  BankLink,
  Cancellation,
  ConsentRecord,
  InstantPaymentRecord,
  LinkKind,
  MerchantApp,
  RecordKind,
  RecordOf,
} from './records.js';
import { RecordStore } from './store.js';
import type { SandboxStateView } from './view.js';

export type { MerchantApp } from './records.js';

export interface SandboxStateOptions {
  clock: SandboxClock;
  ids: IdSource;
  apps: readonly MerchantApp[];
  /**
   * The origin the simulated bank's pages are reached at, e.g. `http://127.0.0.1:4010`: asked
   * each time a link is given out, since a server knows its address only once it listens.
   */
  origin: () => string;
  /** The most records kept before the oldest terminal ones are evicted (domain/retention.ts); none by default. */
  maxRecords?: number;
}

/** `clock`, telling `changes` each time it is advanced through it. */
function watchedClock(clock: SandboxClock, changes: ChangeStream): SandboxClock {
  return {
    now: () => clock.now(),
    advance(ms) {
      const from = clock.now();
      clock.advance(ms);
      if (changes.listening) changes.emit({ type: 'clock-moved', from, to: clock.now() });
    },
  };
}

/** A resource of one of the caller's apps, brought up to date with the clock, or a 404. */
export function findOwned<T extends AnyRecord>(
  state: SandboxState,
  record: T | undefined,
  appIds: readonly string[],
  id: string,
  what: string,
): T {
  if (!record || !appIds.includes(record.appId)) throw new ApiError(404, `${what} ${id} was not found`);
  record.life.catchUp(state.clock);
  return record;
}

/** `cancellation` for a view, present only when there is one. */
export function cancellationOf(
  record: { readonly cancellation: Cancellation | undefined },
  timestamp: (ms: number) => string,
) {
  return record.cancellation
    ? { cancellation: { ...record.cancellation, cancelledAt: timestamp(record.cancellation.cancelledAt) } }
    : {};
}

export class SandboxState implements SandboxStateView {
  /** The sandbox clock; advancing it through here is told to the change stream. */
  readonly clock: SandboxClock;
  readonly ids: IdSource;
  readonly apps: readonly MerchantApp[];
  readonly store: RecordStore;
  readonly #changes = new ChangeStream();
  readonly #retention: Retention;
  readonly #origin: () => string;

  constructor(options: SandboxStateOptions) {
    this.clock = watchedClock(options.clock, this.#changes);
    this.ids = options.ids;
    this.apps = options.apps;
    this.#origin = options.origin;
    this.#retention = new Retention(options.maxRecords);
    this.store = new RecordStore(this.clock, this.#changes);
  }

  // The query API (SandboxStateView).

  instantPayment(id: string): InstantPaymentRecord | undefined {
    const record = this.store.instantPayment(id);
    record?.life.catchUp(this.clock);
    return record;
  }

  consent(id: string): ConsentRecord | undefined {
    const record = this.store.consent(id);
    record?.life.catchUp(this.clock);
    return record;
  }

  automaticPayment(id: string): AutomaticPaymentRecord | undefined {
    const record = this.store.automaticPayment(id);
    record?.life.catchUp(this.clock);
    return record;
  }

  *records<K extends RecordKind>(kind: K): IterableIterator<RecordOf<K>> {
    for (const record of this.store.records(kind)) {
      record.life.catchUp(this.clock);
      yield record;
    }
  }

  count(kind?: RecordKind): number {
    return this.store.count(kind);
  }

  subscribe(listener: ChangeListener): () => void {
    return this.#changes.subscribe(listener);
  }

  // What the domain's operations use.

  /** Stores a new record, then applies the bound. */
  add(record: AnyRecord): void {
    this.store.add(record);
    this.#retention.enforce(this.store);
  }

  /** Applies the bound now: to the records a data file gave back (persistence/restore.ts). */
  enforceRetention(): number {
    return this.#retention.enforce(this.store);
  }

  /** A link for a record about to be added, which registers it. */
  newLink(kind: LinkKind, resourceId: string, validForMs: number): BankLink {
    return {
      token: this.ids.token(),
      kind,
      resourceId,
      expiresAt: this.clock.now() + validForMs,
      opened: false,
      formToken: undefined,
    };
  }

  linkUrl(link: BankLink): string {
    return `${this.#origin()}/sandbox/bank/authorize/${link.token}`;
  }
}
