// What outside code reads of the sandbox's state: `sandbox.state`. A small query API over
// read-only records, and the change stream; the Maps behind it are the domain's own
// (domain/store.ts).
import type { ChangeListener } from './changes.js';
import type {
  AutomaticPaymentState,
  ConsentState,
  InstantPaymentState,
  MerchantApp,
  RecordKind,
  StateOf,
} from './records.js';

export interface SandboxStateView {
  /** The merchants' apps the sandbox serves. */
  readonly apps: readonly MerchantApp[];
  /**
   * An instant payment, brought up to date with the clock as every read of the API brings it;
   * undefined when there is none (never made, or evicted).
   */
  instantPayment(id: string): InstantPaymentState | undefined;
  /** An Automatic Pix consent, brought up to date with the clock. */
  consent(id: string): ConsentState | undefined;
  /** A recurring payment, brought up to date with the clock. */
  automaticPayment(id: string): AutomaticPaymentState | undefined;
  /** Every stored record of `kind`, oldest first, each brought up to date with the clock as it is reached. */
  records<K extends RecordKind>(kind: K): IterableIterator<StateOf<K>>;
  /** How many records of `kind` are stored; of every kind without one. */
  count(kind?: RecordKind): number;
  /**
   * Calls `listener` with every change from now on (domain/changes.ts: created, status-moved,
   * link-opened, evicted, …), synchronously, as each happens. Returns the function that stops it.
   */
  subscribe(listener: ChangeListener): () => void;
}
