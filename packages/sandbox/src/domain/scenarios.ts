// Magic amounts: the cents of an amount choose what the simulated bank does, so that a test can
// reach every documented status on purpose. This table is the one statement of them: the
// sandbox's behaviour reads it, GET /__sandbox/scenarios serves it (with a JSON Schema), the
// README's table is rendered from it, and the contract tests read it from the server.
import { DAY, HOUR, MINUTE, path, STEP_MS, type Path, type StatusReason } from './lifecycle.js';
import type { MachineName } from '../spec-model.js';
import type { BusinessErrorCode } from '../spec-model.js';

/** Where a scenario's cents are read. */
export type ScenarioField = 'amount' | 'paymentMethodConfig.maximumVariableAmount';
/** The kinds of create a refusal applies to. */
export type CreateKind = 'instant' | 'automatic-payment' | 'consent';

export interface Refusal {
  status: 416 | 422 | 429;
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

const AUTHORIZED = 'CONSENT_AWAITING_AUTHORIZATION';
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'default',
    cents: [],
    field: 'amount',
    summary: 'approved at the bank → settles to PAYMENT_COMPLETED, one status per sandbox second',
    instant: path('InstantPaymentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, 'PAYMENT_PENDING', 'PAYMENT_READY_FOR_SETTLEMENT', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED']),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', ['PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED']),
    consent: path('AutomaticConsentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }]),
  },
  {
    id: 'insufficient-funds',
    cents: ['.01'],
    field: 'amount',
    summary: 'PAYMENT_REJECTED, reason SALDO_INSUFICIENTE (insufficient funds)',
    instant: path('InstantPaymentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, 'PAYMENT_PENDING', { status: 'PAYMENT_REJECTED', reason: INSUFFICIENT }]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', ['PAYMENT_SETTLEMENT_PROCESSING', { status: 'PAYMENT_REJECTED', reason: INSUFFICIENT }]),
  },
  {
    id: 'refused-by-bank',
    cents: ['.02'],
    field: 'amount',
    summary: "PAYMENT_REJECTED, reason PAGAMENTO_RECUSADO_DETENTORA (refused by the payer's bank)",
    instant: path('InstantPaymentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, 'PAYMENT_PENDING', { status: 'PAYMENT_REJECTED', reason: REFUSED }]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', ['PAYMENT_SETTLEMENT_PROCESSING', { status: 'PAYMENT_REJECTED', reason: REFUSED }]),
  },
  {
    id: 'infrastructure-failure',
    cents: ['.03'],
    field: 'amount',
    summary: 'ERROR, reason FALHA_INFRAESTRUTURA (infrastructure failure)',
    instant: path('InstantPaymentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, 'PAYMENT_PENDING', { status: 'ERROR', reason: INFRASTRUCTURE }]),
    automatic: path('AutomaticPaymentStatus', 'PAYMENT_PENDING', ['PAYMENT_SETTLEMENT_PROCESSING', { status: 'ERROR', reason: INFRASTRUCTURE }]),
  },
  {
    id: 'more-approvers',
    cents: ['.04'],
    field: 'amount',
    summary: 'PAYMENT_PARTIALLY_ACCEPTED (more approvers needed); PAYMENT_REJECTED with TEMPO_EXPIRADO_AUTORIZACAO after 24 h',
    instant: path('InstantPaymentStatus', AUTHORIZED, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      'PAYMENT_PARTIALLY_ACCEPTED',
      { status: 'PAYMENT_REJECTED', afterMs: 24 * HOUR, reason: reason('TEMPO_EXPIRADO_AUTORIZACAO', 'Os demais aprovadores não autorizaram em 24 horas.') },
    ]),
  },
  {
    id: 'scheduled',
    cents: ['.05'],
    field: 'amount',
    summary: 'passes through PAYMENT_SCHEDULED before settling',
    instant: path('InstantPaymentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, 'PAYMENT_PENDING', 'PAYMENT_SCHEDULED', 'PAYMENT_READY_FOR_SETTLEMENT', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED']),
  },
  {
    id: 'legacy-debtor-account',
    cents: ['.06'],
    field: 'amount',
    summary: 'the legacy flow: PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT before PAYMENT_COMPLETED',
    instant: path('InstantPaymentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, 'PAYMENT_PENDING', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT', 'PAYMENT_COMPLETED']),
  },
  {
    id: 'expired',
    cents: ['.07'],
    field: 'amount',
    summary: 'EXPIRED after authorization, before settlement',
    instant: path('InstantPaymentStatus', AUTHORIZED, [
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
    refusal: { status: 422, message: "amount exceeds the limit the payer's account allows", creates: ['instant', 'automatic-payment', 'consent'] },
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
  ...([
    ['.41', 4101, 'is not a Pix QR code'],
    ['.42', 4102, 'is a Pix Cobrança QR code'],
    ['.43', 4103, 'is a Pix Troco QR code'],
    ['.44', 4104, 'is a Pix Saque QR code'],
  ] as const).map(([cents, businessCode, what]): Scenario => ({
    id: `qrcode-${businessCode}`,
    cents: [cents],
    field: 'amount',
    summary: `PIX_QRCODE only: refused with 416 and business code ${businessCode} (the QR code ${what})`,
    refusal: { status: 416, businessCode, initType: 'PIX_QRCODE', message: `qrCode ${what} and cannot be initiated here`, creates: ['instant'] },
  })),
  {
    id: 'consent-partially-accepted',
    cents: ['.91'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CONSENT_PARTIALLY_ACCEPTED on approval, then CONSENT_AUTHORIZED a minute later',
    consent: path('AutomaticConsentStatus', AUTHORIZED, [{ status: 'CONSENT_PARTIALLY_ACCEPTED', afterMs: 0 }, { status: 'CONSENT_AUTHORIZED', afterMs: MINUTE }]),
  },
  {
    id: 'consent-revoked',
    cents: ['.92'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CONSENT_REVOKED (REVOGADO_USUARIO) an hour after authorization',
    consent: path('AutomaticConsentStatus', AUTHORIZED, [
      { status: 'CONSENT_AUTHORIZED', afterMs: 0 },
      { status: 'CONSENT_REVOKED', afterMs: HOUR, reason: reason('REVOGADO_USUARIO', 'Consentimento revogado pelo usuário.') },
    ]),
  },
  {
    id: 'consent-period-expired',
    cents: ['.93'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CONSENT_PERIOD_EXPIRED a day after authorization',
    consent: path('AutomaticConsentStatus', AUTHORIZED, [{ status: 'CONSENT_AUTHORIZED', afterMs: 0 }, { status: 'CONSENT_PERIOD_EXPIRED', afterMs: DAY }]),
  },
  {
    id: 'consent-error',
    cents: ['.94'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'ERROR (FALHA_INFRAESTRUTURA) instead of authorization',
    consent: path('AutomaticConsentStatus', AUTHORIZED, [{ status: 'ERROR', afterMs: 0, reason: INFRASTRUCTURE }]),
  },
  {
    id: 'consent-canceled',
    cents: ['.95'],
    field: 'paymentMethodConfig.maximumVariableAmount',
    summary: 'CANCELED by the bank instead of authorization',
    consent: path('AutomaticConsentStatus', AUTHORIZED, [{ status: 'CANCELED', afterMs: 0, reason: reason('CANCELADO_PENDENCIA', 'Consentimento cancelado pela detentora de conta.') }]),
  },
];

const DEFAULT = SCENARIOS.find((s) => s.id === 'default')!;
const centsOf = (value: string | undefined): string => (value ?? '').slice(-3);

function chosen(field: ScenarioField, value: string | undefined): Scenario | undefined {
  const cents = centsOf(value);
  return SCENARIOS.find((s) => s.field === field && s.cents.includes(cents));
}

/** What an approved instant payment does, by the cents of its amount. */
export const instantPath = (amount: string): Path<'InstantPaymentStatus'> => chosen('amount', amount)?.instant ?? DEFAULT.instant!;
/** What a due recurring payment does; a retry ignores the amount's scenario, so that it can succeed. */
export const automaticPath = (amount: string, isRetry: boolean): Path<'AutomaticPaymentStatus'> =>
  (isRetry ? undefined : chosen('amount', amount)?.automatic) ?? DEFAULT.automatic!;
/** What an approved consent does, by the cents of its maximumVariableAmount. */
export const consentPath = (maximumVariableAmount: string | undefined): Path<'AutomaticConsentStatus'> =>
  chosen('paymentMethodConfig.maximumVariableAmount', maximumVariableAmount)?.consent ?? DEFAULT.consent!;

/** The refusal a create gets, before anything exists. */
export function createRefusal(kind: CreateKind, amount: string | undefined, initType: string | undefined, firstAttempt: boolean): Refusal | undefined {
  const refusal = chosen('amount', amount)?.refusal;
  if (!refusal || !refusal.creates.includes(kind)) return undefined;
  if (refusal.initType && refusal.initType !== initType) return undefined;
  if (refusal.firstAttemptOnly && !firstAttempt) return undefined;
  return refusal;
}

/** A path as served: its start, then every step with its delay spelled out. */
function servedPath<M extends MachineName>(p: Path<M>) {
  return {
    from: p.from,
    steps: p.steps.map((step) =>
      typeof step === 'string' ? { status: step, afterMs: STEP_MS } : { status: step.status, afterMs: step.afterMs ?? STEP_MS, ...(step.reason ? { reason: step.reason.code } : {}) },
    ),
  };
}

const SCENARIOS_DOCUMENT = {
  $schema: '/__sandbox/scenarios.schema.json',
  scenarios: SCENARIOS.map((s) => ({
    id: s.id,
    cents: s.cents,
    field: s.field,
    summary: s.summary,
    ...(s.instant ? { instant: servedPath(s.instant) } : {}),
    ...(s.automatic ? { automatic: servedPath(s.automatic) } : {}),
    ...(s.consent ? { consent: servedPath(s.consent) } : {}),
    ...(s.refusal ? { refusal: s.refusal } : {}),
  })),
};

/** The table as GET /__sandbox/scenarios serves it: plain JSON, paths as status lists. Built once. */
export const scenariosDocument = () => SCENARIOS_DOCUMENT;

const pathSchema = {
  type: 'object',
  required: ['from', 'steps'],
  additionalProperties: false,
  properties: {
    from: { type: 'string' },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'afterMs'],
        additionalProperties: false,
        properties: { status: { type: 'string' }, afterMs: { type: 'integer', minimum: 0 }, reason: { type: 'string' } },
      },
    },
  },
} as const;

/** JSON Schema (2020-12) of scenariosDocument(), served at /__sandbox/scenarios.schema.json. */
export const SCENARIOS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: '/__sandbox/scenarios.schema.json',
  title: 'Klavi sandbox scenarios',
  type: 'object',
  required: ['scenarios'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'cents', 'field', 'summary'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          cents: { type: 'array', items: { type: 'string', pattern: '^\\.\\d\\d$' } },
          field: { enum: ['amount', 'paymentMethodConfig.maximumVariableAmount'] },
          summary: { type: 'string' },
          instant: pathSchema,
          automatic: pathSchema,
          consent: pathSchema,
          refusal: {
            type: 'object',
            required: ['status', 'message', 'creates'],
            additionalProperties: false,
            properties: {
              status: { enum: [416, 422, 429] },
              businessCode: { type: 'integer' },
              initType: { type: 'string' },
              firstAttemptOnly: { type: 'boolean' },
              retryAfterSeconds: { type: 'integer', minimum: 0 },
              message: { type: 'string' },
              creates: { type: 'array', items: { enum: ['instant', 'automatic-payment', 'consent'] } },
            },
          },
        },
      },
    },
  },
} as const;

/** The README's table, rendered from the data. */
export function scenariosMarkdown(): string {
  const where = (s: Scenario) =>
    s.field !== 'amount' ? 'consent (`maximumVariableAmount`)' : s.refusal ? (s.refusal.initType ?? s.refusal.creates.join(', ')) : [s.instant && 'instant', s.automatic && 'recurring payment'].filter(Boolean).join(', ');
  const rows = SCENARIOS.map((s) => `| ${s.cents.length ? s.cents.map((c) => `\`${c}\``).join(', ') : 'any other'} | ${where(s)} | ${s.summary} |`);
  return ['| Cents | Where | Outcome |', '|---|---|---|', ...rows].join('\n');
}
