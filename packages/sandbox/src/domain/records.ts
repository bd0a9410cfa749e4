// The records the sandbox keeps: instant payments, Automatic Pix consents and the recurring
// payments scheduled against them, each with the request that made it, typed by the spec.
// Every field is read-only. A record changes only through its lifecycle's moves and the store's
// methods (domain/store.ts), and each of those puts the change on the change stream
// (domain/changes.ts), so nothing the data file or a listener needs can change unseen.
import type {
  AutomaticConsentDetails,
  AutomaticPaymentRequest,
  CancellationSource,
  CancelledBy,
  InstantPaymentDetails,
} from '@klavi-pay/spec/types';
import type { Lifecycle, LifecycleState } from './lifecycle.js';

/** The kinds of record; each is also a kind of create (domain/scenarios/table.ts). */
export type RecordKind = 'instant' | 'consent' | 'automatic-payment';

/** The records a person authorizes at the simulated bank. */
export type LinkKind = 'instant' | 'consent';

/** Each kind's state machine in the spec. */
export const MACHINES = {
  instant: 'InstantPaymentStatus',
  consent: 'AutomaticConsentStatus',
  'automatic-payment': 'AutomaticPaymentStatus',
} as const;
export type MachineOf<K extends RecordKind> = (typeof MACHINES)[K];

export interface MerchantApp {
  readonly appId: string;
  readonly name: string;
  readonly merchantId: string;
  /** Where the app's payment events are POSTed (the Klavi console's webhook URL); none: not sent. */
  readonly webhookUrl?: string;
}

/** A single-use page at the simulated bank, where a person approves or rejects. */
export interface BankLink {
  readonly token: string;
  readonly kind: LinkKind;
  readonly resourceId: string;
  readonly expiresAt: number;
  readonly opened: boolean;
  /** Guards the decision form of an opened page; cleared once a decision is made. */
  readonly formToken: string | undefined;
}

export interface Cancellation {
  readonly cancelledFrom: CancellationSource;
  readonly cancelledAt: number;
  readonly cancelledBy: Readonly<CancelledBy>;
}

/**
 * The fields of an instant payment, with its lifecycle as `L`: the domain's records hold a
 * `Lifecycle`, and what outside code reads holds its read-only `LifecycleState`.
 */
export interface InstantPaymentFields<L> {
  readonly kind: 'instant';
  readonly id: string;
  readonly appId: string;
  readonly createdAt: number;
  /** The create's body, as validated (the whitelabel link's `payment` has no clientMetadata). */
  readonly request: Readonly<InstantPaymentDetails>;
  readonly consentId: string;
  readonly endToEndId: string | undefined;
  readonly cancellation: Cancellation | undefined;
  readonly life: L;
  readonly link: BankLink;
}

export interface ConsentFields<L> {
  readonly kind: 'consent';
  readonly id: string;
  readonly appId: string;
  readonly createdAt: number;
  readonly request: Readonly<AutomaticConsentDetails>;
  readonly life: L;
  readonly link: BankLink;
}

export interface AutomaticPaymentFields<L> {
  readonly kind: 'automatic-payment';
  readonly id: string;
  readonly appId: string;
  readonly consentId: string;
  readonly originalPaymentId: string | undefined;
  readonly createdAt: number;
  readonly request: Readonly<AutomaticPaymentRequest>;
  readonly endToEndId: string | undefined;
  readonly cancellation: Cancellation | undefined;
  readonly life: L;
}

export type InstantPaymentRecord = InstantPaymentFields<Lifecycle<'InstantPaymentStatus'>>;
export type ConsentRecord = ConsentFields<Lifecycle<'AutomaticConsentStatus'>>;
export type AutomaticPaymentRecord = AutomaticPaymentFields<Lifecycle<'AutomaticPaymentStatus'>>;

/** A record as outside code reads it (SandboxStateView, the change stream): nothing in it can be changed. */
export type InstantPaymentState = InstantPaymentFields<LifecycleState<'InstantPaymentStatus'>>;
export type ConsentState = ConsentFields<LifecycleState<'AutomaticConsentStatus'>>;
export type AutomaticPaymentState = AutomaticPaymentFields<LifecycleState<'AutomaticPaymentStatus'>>;

export interface RecordsByKind {
  instant: InstantPaymentRecord;
  consent: ConsentRecord;
  'automatic-payment': AutomaticPaymentRecord;
}

export interface StatesByKind {
  instant: InstantPaymentState;
  consent: ConsentState;
  'automatic-payment': AutomaticPaymentState;
}

export type RecordOf<K extends RecordKind> = RecordsByKind[K];
export type StateOf<K extends RecordKind> = StatesByKind[K];
export type AnyRecord = RecordsByKind[RecordKind];
export type AnyRecordState = StatesByKind[RecordKind];
