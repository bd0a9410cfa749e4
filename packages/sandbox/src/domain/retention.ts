// A bound on what the sandbox keeps, when one is set (`maxRecords`, `--max-records`): once more
// payments, consents and automatic payments are stored than the bound, the oldest whose status is
// terminal are evicted, a batch at a time down to 90% of the bound, so the cost is amortised over
// the creates. A record that can still change (awaiting authorization, scheduled) is never
// evicted, so the store may pass the bound while that many are live; an attempt that could not get
// under the bound is only retried once another batch has been stored, so a store full of live
// records is not scanned on every create. An evicted record is gone: its id answers 404, its bank
// link is dead and its clientRequestId may be used again (domain/store.ts, `evict`).
import { machine } from '../spec-model.js';
import type { AnyLifecycle } from './lifecycle.js';
import type { AnyRecord } from './records.js';
import type { RecordStore } from './store.js';

const KEEP_AFTER_EVICTION = 0.9;

const isTerminal = (life: AnyLifecycle) => (machine(life.machine).terminal as readonly string[]).includes(life.status);

export class Retention {
  /** The store size at which retention next tries to evict, after an attempt that could not. */
  #retryAt = 0;

  constructor(readonly maxRecords: number | undefined) {}

  /** Evicts the oldest terminal records when the store is over the bound; how many went. */
  enforce(store: RecordStore): number {
    const { maxRecords } = this;
    if (maxRecords === undefined) return 0;
    const stored = store.count();
    if (stored <= maxRecords || stored < this.#retryAt) return 0;
    const target = Math.floor(maxRecords * KEEP_AFTER_EVICTION);
    const batch = new Set<AnyRecord>();
    for (const record of store.oldestFirst()) {
      if (stored - batch.size <= target) break;
      if (batch.has(record) || !isTerminal(record.life.catchUp(store.clock))) continue;
      // A consent's payments go with it, whatever their status: without the consent no route reaches them.
      if (record.kind === 'consent')
        for (const payment of store.paymentsOf(record.id)?.values() ?? []) batch.add(payment);
      batch.add(record);
    }
    store.evict(batch);
    const left = store.count();
    this.#retryAt = left > target ? left + Math.max(1, maxRecords - target) : 0;
    return batch.size;
  }
}
