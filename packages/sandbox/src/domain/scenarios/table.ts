// Magic amounts: the cents of an amount choose what the simulated bank does, so that a test can
// reach every documented status on purpose. This table is the one statement of them: the
// sandbox's behaviour reads it (scenarios/selection.ts), GET /__sandbox/scenarios serves it with
// a JSON Schema (scenarios/document.ts, scenarios/schema.ts), the README's table is rendered from
// it (docs/scenarios-markdown.ts), and the contract tests read it from the server.
import { DAY, HOUR, MINUTE, path, type Path, type StatusReason } from '../lifecycle.js';
import type { RecordKind } from '../records.js';
import type { BusinessErrorCode } from '../../spec-model.js';

/** Where a scenario's cents are read. */
export const SCENARIO_FIELDS = ['amount', 'paymentMethodConfig.maximumVariableAmount'] as const;
export type ScenarioField = (typeof SCENARIO_FIELDS)[number];

/** The kinds of create a refusal applies to: every kind of record. */
export const CREATE_KINDS = ['instant', 'automatic-payment', 'consent'] as const satisfies readonly RecordKind[];
export type CreateKind = (typeof CREATE_KINDS)[number];
/** Does not compile when a kind of record is missing from CREATE_KINDS. */
type EveryKindListed<T extends true> = T;
// biome-ignore lint/correctness/noUnusedVariables: a compile-time check, never read; its definition is the test.
type CreateKindsComplete = EveryKindListed<RecordKind extends CreateKind ? true : false>;

/** The statuses a create may be refused with. */
export const REFUSAL_STATUSES = [416, 422, 429] as const;

export interface Refusal {
  status: (typeof REFUSAL_STATUSES)[number];
  /** For 416: the business code `statusCode` carries. */
  businessCode?: BusinessErrorCode;
  /** Refused only for this initType. */
  initType?: 'PIX_QRCODE';
  /** Refused only on the first attempt of each clientRequestId (a rate limit that a retry gets past). */
  firstAttemptOnly?: boolean;
  retryAfterSeconds?: number;
  message: string;
  creates: readonly CreateKind[];
}

export interface Scenario {
  id: string;
  /** The cents that choose it (`.01`); empty for the default. */
  cents: readonly string[];
  field: ScenarioField;
  summary: string;
  /** What an instant payment does once approved at the bank. */
  instant?: Path<'InstantPaymentStatus'>;
  /** What a recurring payment does once due (from PAYMENT_PENDING). */
  automatic?: Path<'AutomaticPaymentStatus'>;
  /** What a consent does once approved at the bank. */
  consent?: Path<'AutomaticConsentStatus'>;
  /** The create itself is refused. */
  refusal?: Refusal;
}

const reason = (code: StatusReason['code'], message: string): StatusReason => ({ code, message });
const INSUFFICIENT = reason('SALDO_INSUFICIENTE', 'Saldo insuficiente na conta do pagador.');
const REFUSED = reason('PAGAMENTO_RECUSADO_DETENTORA', 'Pagamento recusado pela detentora de conta.');
const INFRASTRUCTURE = reason('FALHA_INFRAESTRUTURA', 'Falha de infraestrutura.');

/** Where an approval finds a payment or a consent: every approval path starts here. */
const AWAITING_AUTHORIZATION = 'CONSENT_AWAITING_AUTHORIZATION';

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'default',
    cents: [],
    field: 'amount',
    summary: 'approved at the bank → settles to PAYMENT_COMPLETED, one status per sandbox second',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      'PAYMENT_READY_FOR_SETTLEMENT',
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_COMPLETED',
    ]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', [
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_COMPLETED',
    ]),
    consent: path('AutomaticConsentStatus', AWAITING_AUTHORIZATION, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }]),
  },
  {
    id: 'insufficient-funds',
    cents: ['.01'],
    field: 'amount',
    summary: 'PAYMENT_REJECTED, reason SALDO_INSUFICIENTE (insufficient funds)',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      { status: 'PAYMENT_REJECTED', reason: INSUFFICIENT },
    ]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', [
      'PAYMENT_SETTLEMENT_PROCESSING',
      { status: 'PAYMENT_REJECTED', reason: INSUFFICIENT },
    ]),
  },
  {
    id: 'refused-by-bank',
    cents: ['.02'],
    field: 'amount',
    summary: "PAYMENT_REJECTED, reason PAGAMENTO_RECUSADO_DETENTORA (refused by the payer's bank)",
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      { status: 'PAYMENT_REJECTED', reason: REFUSED },
    ]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', [
      'PAYMENT_SETTLEMENT_PROCESSING',
      { status: 'PAYMENT_REJECTED', reason: REFUSED },
    ]),
  },
  {
    id: 'infrastructure-failure',
    cents: ['.03'],
    field: 'amount',
    summary: 'ERROR, reason FALHA_INFRAESTRUTURA (infrastructure failure)',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      { status: 'ERROR', reason: INFRASTRUCTURE },
    ]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', [
      'PAYMENT_SETTLEMENT_PROCESSING',
      { status: 'ERROR', reason: INFRASTRUCTURE },
    ]),
  },
  {
    id: 'more-approvers',
    cents: ['.04'],
    field: 'amount',
    summary:
      'PAYMENT_PARTIALLY_ACCEPTED (more approvers needed); PAYMENT_REJECTED with TEMPO_EXPIRADO_AUTORIZACAO after 24 h',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PARTIALLY_ACCEPTED',
      {
        status: 'PAYMENT_REJECTED',
        afterMs: 24 * HOUR,
        reason: reason('TEMPO_EXPIRADO_AUTORIZACAO', 'Os demais aprovadores não autorizaram em 24 horas.'),
      },
    ]),
  },
  {
    id: 'scheduled',
    cents: ['.05'],
    field: 'amount',
    summary: 'passes through PAYMENT_SCHEDULED before settling',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      'PAYMENT_SCHEDULED',
      'PAYMENT_READY_FOR_SETTLEMENT',
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_COMPLETED',
    ]),
  },
  {
    id: 'legacy-debtor-account',
    cents: ['.06'],
    field: 'amount',
    summary: 'the legacy flow: PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT before PAYMENT_COMPLETED',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      'PAYMENT_SETTLEMENT_PROCESSING',
      'PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT',
      'PAYMENT_COMPLETED',
    ]),
  },
  {
    id: 'expired',
    cents: ['.07'],
    field: 'amount',
    summary: 'EXPIRED after authorization, before settlement',
    instant: path('InstantPaymentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PENDING',
      { status: 'EXPIRED', reason: reason('TEMPO_EXPIRADO_CONSUMO', 'O pagamento expirou antes da liquidação.') },
    ]),
  },
  {
    id: 'above-limit',
    cents: ['.22'],
    field: 'amount',
    summary: "the create is refused with 422 (a business rule: amount above the payer's limit)",
    refusal: {
      status: 422,
      message: "amount exceeds the limit the payer's account allows",
      creates: ['instant', 'automatic-payment', 'consent'],
    },
  },
  {
    id: 'rate-limited-once',
    cents: ['.29'],
    field: 'amount',
    summary: 'the first create of each clientRequestId is refused with 429 and Retry-After: 1; the retry succeeds',
    refusal: {
      status: 429,
      firstAttemptOnly: true,
      retryAfterSeconds: 1,
      message: 'Too many requests: the sandbox simulates a rate limit; retry after 1 second',
      creates: ['instant', 'automatic-payment', 'consent'],
    },
  },
  ...(
    [
      ['.41', 4101, 'is not a Pix QR code'],
      ['.42', 4102, 'is a Pix Cobrança QR code'],
      ['.43', 4103, 'is a Pix Troco QR code'],
      ['.44', 4104, 'is a Pix Saque QR code'],
    ] as const
  ).map(
    ([cents, businessCode, what]): Scenario => ({
      id: `qrcode-${businessCode}`,
      cents: [cents],
      field: 'amount',
      summary: `PIX_QRCODE only: refused with 416 and business code ${businessCode} (the QR code ${what})`,
      refusal: {
        status: 416,
        businessCode,
        initType: 'PIX_QRCODE',
        message: `qrCode ${what} and cannot be initiated here`,
        creates: ['instant'],
      },
    }),
  ),
  {
    id: 'consent-partially-accepted',
    cents: ['.91'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CONSENT_PARTIALLY_ACCEPTED on approval, then CONSENT_AUTHORIZED a minute later',
    consent: path('AutomaticConsentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_PARTIALLY_ACCEPTED', afterMs: 0 },
      { status: 'CONSENT_AUTHORIZED', afterMs: MINUTE },
    ]),
  },
  {
    id: 'consent-revoked',
    cents: ['.92'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CONSENT_REVOKED (REVOGADO_USUARIO) an hour after authorization',
    consent: path('AutomaticConsentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      {
        status: 'CONSENT_REVOKED',
        afterMs: HOUR,
        reason: reason('REVOGADO_USUARIO', 'Consentimento revogado pelo usuário.'),
      },
    ]),
  },
  {
    id: 'consent-period-expired',
    cents: ['.93'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CONSENT_PERIOD_EXPIRED a day after authorization',
    consent: path('AutomaticConsentStatus', AWAITING_AUTHORIZATION, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      { status: 'CONSENT_PERIOD_EXPIRED', afterMs: DAY },
    ]),
  },
  {
    id: 'consent-error',
    cents: ['.94'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'ERROR (FALHA_INFRAESTRUTURA) instead of authorization',
    consent: path('AutomaticConsentStatus', AWAITING_AUTHORIZATION, [
      { status: 'ERROR', afterMs: 0, reason: INFRASTRUCTURE },
    ]),
  },
  {
    id: 'consent-canceled',
    cents: ['.95'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CANCELED by the bank instead of authorization',
    consent: path('AutomaticConsentStatus', AWAITING_AUTHORIZATION, [
      {
        status: 'CANCELED',
        afterMs: 0,
        reason: reason('CANCELADO_PENDENCIA', 'Consentimento cancelado pela detentora de conta.'),
      },
    ]),
  },
];
