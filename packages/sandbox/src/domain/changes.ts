// What the domain changes, as one typed stream. Every change to what the sandbox keeps is told
// here as it happens, synchronously, by the only code that can make it (domain/store.ts, the
// lifecycles it observes, and the state's clock): the data file's journal listens
// (persistence/journal.ts), and so can tests and, later, a webhook dispatcher, each as one more
// listener and with no change to the domain.
//
// Cheap when nobody listens: listeners are a plain array, and the emitters build a change only
// when `listening` (no object per change otherwise, no emitter per record, nothing async).
import type { MoveCause, StatusReason } from './lifecycle.js';
import type { Cancellation, LinkKind, MachineOf, RecordKind, StateOf } from './records.js';
import type { StatusOf } from '../spec-model.js';

export type { MoveCause };

/** The fields every change to one record has. */
export interface RecordChange<T extends string, K extends RecordKind> {
  readonly type: T;
  readonly kind: K;
  readonly id: string;
  readonly appId: string;
  /** When it happened, on the sandbox clock (epoch ms). */
  readonly at: number;
  /** The record as it is now: read it in the listener; it goes on changing afterwards. */
  readonly record: StateOf<K>;
}

/** A payment, consent or recurring payment was made, in `status`. */
export type RecordCreated = {
  [K in RecordKind]: RecordChange<'created', K> & { readonly status: StatusOf<MachineOf<K>> };
}[RecordKind];

/**
 * A status moved: by an operation (a decision at the bank, a cancel), or by a planned step whose
 * time came, applied when the record was next read (`cause: 'plan'`, `at` the step's own time).
 */
export type StatusMoved = {
  [K in RecordKind]: RecordChange<'status-moved', K> & {
    readonly from: StatusOf<MachineOf<K>>;
    readonly to: StatusOf<MachineOf<K>>;
    readonly reason: StatusReason | undefined;
    readonly cause: MoveCause;
  };
}[RecordKind];

/** What the record will do next was replaced (`record.life.planned`): on approval, or dropped by a decision or a cancel. */
export type Replanned = { [K in RecordKind]: RecordChange<'replanned', K> }[RecordKind];

/** An approved instant payment got its Pix end-to-end id. */
export type EndToEndIdAssigned = RecordChange<'end-to-end-id-assigned', 'instant'> & { readonly endToEndId: string };

/** The merchant cancelled a payment; its move to CANCELED follows. */
export type Cancelled = {
  [K in 'instant' | 'automatic-payment']: RecordChange<'cancelled', K> & { readonly cancellation: Cancellation };
}['instant' | 'automatic-payment'];

/** A person opened the bank page of a payment or consent, once; `awaitingDecision` when it offered the decision form. */
export type LinkOpened = {
  [K in LinkKind]: RecordChange<'link-opened', K> & { readonly awaitingDecision: boolean };
}[LinkKind];

/** A person submitted the decision form; the decision applies while the record still awaits one. */
export type LinkDecided = {
  [K in LinkKind]: RecordChange<'link-decided', K> & { readonly decision: 'approve' | 'reject' };
}[LinkKind];

/** Retention evicted a terminal record (domain/retention.ts): its id now answers 404. */
export type RecordEvicted = { [K in RecordKind]: RecordChange<'evicted', K> }[RecordKind];

/** A create got its one-off simulated 429 (magic amount .29); the next one with this clientRequestId is let through. */
export interface RateLimitSet {
  readonly type: 'rate-limit-set';
  readonly appId: string;
  readonly clientRequestId: string;
}

/** The one-off 429 of a clientRequestId was forgotten, with the record it was for. */
export interface RateLimitCleared {
  readonly type: 'rate-limit-cleared';
  readonly appId: string;
  readonly clientRequestId: string;
}

/** The sandbox clock was advanced (`sandbox.clock.advance`, `POST /__sandbox/clock/advance`). */
export interface ClockMoved {
  readonly type: 'clock-moved';
  readonly from: number;
  readonly to: number;
}

export type SandboxChange =
  | RecordCreated
  | StatusMoved
  | Replanned
  | EndToEndIdAssigned
  | Cancelled
  | LinkOpened
  | LinkDecided
  | RecordEvicted
  | RateLimitSet
  | RateLimitCleared
  | ClockMoved;

/**
 * Runs synchronously, inside the operation that made the change, before its answer is sent. It
 * may read the state; it must not throw (the operation would fail with it) or change the state.
 */
export type ChangeListener = (change: SandboxChange) => void;

export class ChangeStream {
  /** Replaced, never changed in place: a listener that (un)subscribes while a change is told does not disturb the loop. */
  #listeners: readonly ChangeListener[] = [];

  /** Whether anyone listens: emitters build a change only then. */
  get listening(): boolean {
    return this.#listeners.length !== 0;
  }

  /** Adds `listener`; the function returned removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const at = this.#listeners.indexOf(listener);
      this.#listeners = [...this.#listeners.slice(0, at), ...this.#listeners.slice(at + 1)];
    };
  }

  emit(change: SandboxChange): void {
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(change);
  }
}
