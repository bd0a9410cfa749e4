// Magic amounts: the cents of a payment's amount choose what the simulated bank does with it, so
// that a test can reach every documented status on purpose. Listed in the README.

export type InstantOutcome =
  | { kind: 'complete'; via: 'standard' | 'scheduled' | 'legacy-debtor' }
  | { kind: 'reject'; code: string; message: string }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'partial' }
  | { kind: 'expire' };

export interface CreateRefusal {
  status: 416 | 422 | 429;
  message: string;
  businessCode?: number;
}

export interface Scenario {
  cents: string;
  /** Where the scenario applies. */
  applies: 'instant' | 'automatic' | 'both';
  summary: string;
}

export const SCENARIOS: Scenario[] = [
  { cents: '.00 and others', applies: 'both', summary: 'approved at the bank → settles to PAYMENT_COMPLETED, one status per sandbox second' },
  { cents: '.01', applies: 'both', summary: 'PAYMENT_REJECTED, reason SALDO_INSUFICIENTE (insufficient funds)' },
  { cents: '.02', applies: 'both', summary: 'PAYMENT_REJECTED, reason PAGAMENTO_RECUSADO_DETENTORA (refused by the payer\'s bank)' },
  { cents: '.03', applies: 'both', summary: 'ERROR, reason FALHA_INFRAESTRUTURA (infrastructure failure)' },
  { cents: '.04', applies: 'instant', summary: 'PAYMENT_PARTIALLY_ACCEPTED (more approvers needed); PAYMENT_REJECTED with TEMPO_EXPIRADO_AUTORIZACAO after 24 h' },
  { cents: '.05', applies: 'instant', summary: 'passes through PAYMENT_SCHEDULED before settling' },
  { cents: '.06', applies: 'instant', summary: 'the legacy flow: PAYMENT_SETTLEMENT_DEBTOR_ACCOUNT before PAYMENT_COMPLETED' },
  { cents: '.07', applies: 'instant', summary: 'EXPIRED after authorization, before settlement' },
  { cents: '.22', applies: 'both', summary: 'the create is refused with 422 (a business rule: amount above the payer\'s limit)' },
  { cents: '.29', applies: 'both', summary: 'the first create of each clientRequestId is refused with 429 and Retry-After: 1; the retry succeeds' },
  { cents: '.41 to .44', applies: 'instant', summary: 'PIX_QRCODE only: refused with 416 and business code 4101 to 4104' },
];

const centsOf = (amount: string): string => amount.slice(-3);

export function instantOutcome(amount: string): InstantOutcome {
  switch (centsOf(amount)) {
    case '.01':
      return { kind: 'reject', code: 'SALDO_INSUFICIENTE', message: 'Saldo insuficiente na conta do pagador.' };
    case '.02':
      return { kind: 'reject', code: 'PAGAMENTO_RECUSADO_DETENTORA', message: 'Pagamento recusado pela detentora de conta.' };
    case '.03':
      return { kind: 'error', code: 'FALHA_INFRAESTRUTURA', message: 'Falha de infraestrutura.' };
    case '.04':
      return { kind: 'partial' };
    case '.05':
      return { kind: 'complete', via: 'scheduled' };
    case '.06':
      return { kind: 'complete', via: 'legacy-debtor' };
    case '.07':
      return { kind: 'expire' };
    default:
      return { kind: 'complete', via: 'standard' };
  }
}

/** A refusal the create itself gets, before any payment exists. */
export function createRefusal(amount: string, initType: string | undefined, firstAttempt: boolean): CreateRefusal | undefined {
  const cents = centsOf(amount);
  if (cents === '.22') return { status: 422, message: 'amount exceeds the limit the payer\'s account allows' };
  if (cents === '.29' && firstAttempt) return { status: 429, message: 'Too many requests: the sandbox simulates a rate limit; retry after 1 second' };
  if (initType === 'PIX_QRCODE') {
    const code = { '.41': 4101, '.42': 4102, '.43': 4103, '.44': 4104 }[cents];
    const what = { 4101: 'is not a Pix QR code', 4102: 'is a Pix Cobrança QR code', 4103: 'is a Pix Troco QR code', 4104: 'is a Pix Saque QR code' };
    if (code) return { status: 416, businessCode: code, message: `qrCode ${what[code as keyof typeof what]} and cannot be initiated here` };
  }
  return undefined;
}
