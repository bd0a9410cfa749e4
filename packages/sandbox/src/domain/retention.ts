// A bound on what the sandbox keeps, when one is set (`maxRecords`, `--max-records`): once more
// payments, consents and automatic payments are stored than the bound, the oldest whose status is
// terminal are evicted, a batch at a time down to 90% of the bound, so the cost is amortised over
// the creates. A record that can still change (awaiting authorization, scheduled) is never
// evicted, so the store may pass the bound while that many are live; an attempt that could not get
// under the bound is only retried once another batch has been stored, so a store full of live
// records is not scanned on every create. An evicted record is gone: its id answers 404, its bank
// link is dead and its clientRequestId may be used again.
import { machine } from '../spec-model.js';
import type { AnyLifecycle } from './lifecycle.js';
import type { AutomaticPaymentRecord, ConsentRecord, InstantPaymentRecord, SandboxState } from './state.js';

const KEEP_AFTER_EVICTION = 0.9;

const isTerminal = (life: AnyLifecycle) => (machine(life.machine).terminal as readonly string[]).includes(life.status);

type Candidate =
  | { kind: 'instant'; record: InstantPaymentRecord }
  | { kind: 'consent'; record: ConsentRecord }
  | { kind: 'automatic-payment'; record: AutomaticPaymentRecord };

export function storedRecords(state: SandboxState): number {
  return state.instantPayments.size + state.consents.size + state.automaticPayments.size;
}

/** Evicts the oldest terminal records when the store is over `maxRecords`. */
export function enforceRetention(state: SandboxState, maxRecords: number | undefined): number {
  if (maxRecords === undefined || storedRecords(state) <= maxRecords || storedRecords(state) < state.retentionRetryAt) return 0;
  const target = Math.floor(maxRecords * KEEP_AFTER_EVICTION);
  const evicted = new Set<string>();
  const touchedApps = new Set<string>();
  const touchedConsents = new Set<string>();
  for (const candidate of oldestFirst(state)) {
    if (storedRecords(state) <= target) break;
    const { record } = candidate;
    if (!isTerminal(record.life.catchUp(state.clock))) continue;
    if (candidate.kind === 'consent') {
      // A consent's payments go with it: without the consent no route reaches them.
      for (const payment of state.paymentsByConsent.get(record.id)?.values() ?? []) evict(state, { kind: 'automatic-payment', record: payment }, evicted);
      state.paymentsByConsent.delete(record.id);
    }
    evict(state, candidate, evicted);
    if (candidate.kind === 'automatic-payment') touchedConsents.add(candidate.record.consentId);
    else touchedApps.add(record.appId);
  }
  for (const appId of touchedApps) {
    state.instantByApp.get(appId)?.removeWhere((r) => evicted.has(r.id));
    state.consentsByApp.get(appId)?.removeWhere((r) => evicted.has(r.id));
  }
  for (const consentId of touchedConsents) state.paymentsByConsent.get(consentId)?.removeWhere((r) => evicted.has(r.id));
  state.retentionRetryAt = storedRecords(state) > target ? storedRecords(state) + Math.max(1, maxRecords - target) : 0;
  return evicted.size;
}

function evict(state: SandboxState, candidate: Candidate, evicted: Set<string>): void {
  const { record, kind } = candidate;
  if (evicted.has(record.id)) return;
  evicted.add(record.id);
  if (candidate.kind === 'instant') state.instantPayments.delete(record.id);
  else if (candidate.kind === 'consent') state.consents.delete(record.id);
  else state.automaticPayments.delete(record.id);
  if ('link' in record) state.links.delete(record.link.token);
  const clientRequestId = String(record.request.clientRequestId);
  state.usedKeys.release(record.appId, kind, clientRequestId);
  if (state.rateLimited.has(`${record.appId} ${clientRequestId}`)) state.markRateLimited(`${record.appId} ${clientRequestId}`, false);
  state.removed(kind, record.id);
}

/**
 * The three stores merged oldest first (each Map iterates in creation order). The Maps are read
 * lazily, so evicting from them while this runs is safe: a deleted entry is just not visited.
 */
function* oldestFirst(state: SandboxState): Generator<Candidate> {
  const sources = [
    mapped(state.instantPayments.values(), (record): Candidate => ({ kind: 'instant', record })),
    mapped(state.consents.values(), (record): Candidate => ({ kind: 'consent', record })),
    mapped(state.automaticPayments.values(), (record): Candidate => ({ kind: 'automatic-payment', record })),
  ];
  const heads = sources.map((source) => source.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!head.done && (best < 0 || head.value.record.createdAt < (heads[best]!.value as Candidate).record.createdAt)) best = i;
    }
    if (best < 0) return;
    const chosen = heads[best]!.value as Candidate;
    heads[best] = sources[best]!.next();
    yield chosen;
  }
}

function* mapped<T>(values: IterableIterator<T>, to: (value: T) => Candidate): Generator<Candidate> {
  for (const value of values) yield to(value);
}
