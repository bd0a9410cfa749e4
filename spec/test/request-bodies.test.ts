// The bundled spec accepts and rejects request bodies as the docs say. Each invalid case breaks
// one rule, and the validator must name the field it breaks, so a case cannot pass for the
// wrong reason.
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  clientMetadata,
  consentRequest,
  creditorAccount,
  pixInic,
  pixManu,
  pixQrCode,
  tweak,
} from './support/bodies.js';
import { describeErrors, escapePointer, operationById, validateAt } from './support/spec.js';

interface Case {
  name: string;
  body: unknown;
  /** For an invalid body, the JSON Pointer of the field the validator must name. */
  field?: string;
}

const valid = (name: string, body: unknown): Case => ({ name, body });
const invalid = (name: string, field: string, body: unknown): Case => ({ name, body, field });

/** True when some error points at `field`, at something inside it, or names it as missing or unexpected. */
function namesField(errors: ErrorObject[], field: string): boolean {
  const parent = field.slice(0, field.lastIndexOf('/'));
  const leaf = field.slice(field.lastIndexOf('/') + 1);
  return errors.some((e) => {
    if (e.instancePath === field || e.instancePath.startsWith(`${field}/`)) return true;
    const params = e.params as Record<string, unknown>;
    const named = params.missingProperty ?? params.unevaluatedProperty ?? params.additionalProperty;
    return e.instancePath === parent && named === leaf;
  });
}

const table: Record<string, Case[]> = {
  createInstantPayment: [
    valid('PIX_INIC with a CPF Pix key', pixInic),
    valid('PIX_MANU with creditorAccount and holder', pixManu),
    valid('PIX_DICT with an e-mail Pix key', { ...pixInic, initType: 'PIX_DICT', proxy: 'payee@example.com' }),
    valid('PIX_DICT with a phone Pix key', { ...pixInic, initType: 'PIX_DICT', proxy: '+5561988887777' }),
    valid('PIX_DICT with a random (EVP) Pix key', {
      ...pixInic,
      initType: 'PIX_DICT',
      proxy: '123e4567-e89b-12d3-a456-426614174000',
    }),
    valid('PIX_QRCODE with qrCode only', pixQrCode),
    valid('PIX_QRCODE with qrCode and the key as proxy', { ...pixQrCode, proxy: '76109277673' }),
    valid(
      'a CNPJ customer with loggedUserCpf',
      tweak(pixInic, (b) => {
        b.customer = { identifierType: 'CNPJ', identifier: '44471172000119' };
        b.loggedUserCpf = '76109277673';
      }),
    ),
    valid(
      'a TRAN creditor account needs no issuer',
      tweak(pixManu, (b) => {
        delete b.creditorAccount.issuer;
        b.creditorAccount.accountType = 'TRAN';
      }),
    ),
    valid(
      'every optional field',
      tweak(pixInic, (b) => {
        b.date = '2025-07-01';
        b.ibgeTownCode = '5300108';
        b.remittanceInformation = 'Pagamento da nota XPTO035-002.';
        b.debtorAccount = { ispb: '12345678', issuer: '0001', number: '1234567890', accountType: 'SVGS' };
        b.creditorAccount = creditorAccount;
        b.externalInfo = { orderNumber: 'XPTO035-002' };
        b.customer.phone = '+5561988887777';
        b.customer.email = 'klavi.test@example.com';
      }),
    ),
    valid('the smallest amount, 0.01', { ...pixInic, amount: '0.01' }),
    valid('the largest amount, 16 digits and cents', { ...pixInic, amount: '1234567890123456.99' }),
    invalid('amount "10.5" (one decimal)', '/amount', { ...pixInic, amount: '10.5' }),
    invalid('amount as a number', '/amount', { ...pixInic, amount: 10.5 }),
    invalid('amount with a thousands separator', '/amount', { ...pixInic, amount: '1,333.00' }),
    invalid(
      'a CPF of 10 digits',
      '/customer/identifier',
      tweak(pixInic, (b) => {
        b.customer.identifier = '1234567890';
      }),
    ),
    invalid(
      'a CNPJ of 11 digits',
      '/customer/identifier',
      tweak(pixInic, (b) => {
        b.customer = { identifierType: 'CNPJ', identifier: '12345678901' };
        b.loggedUserCpf = '76109277673';
      }),
    ),
    invalid(
      'a CPF of 14 digits',
      '/customer/identifier',
      tweak(pixInic, (b) => {
        b.customer.identifier = '44471172000119';
      }),
    ),
    invalid('PIX_MANU with a proxy', '/proxy', { ...pixManu, proxy: '12345678901' }),
    invalid(
      'PIX_MANU without creditorAccount',
      '/creditorAccount',
      tweak(pixManu, (b) => {
        delete b.creditorAccount;
      }),
    ),
    invalid(
      'PIX_MANU with a creditorAccount without holder',
      '/creditorAccount/holder',
      tweak(pixManu, (b) => {
        delete b.creditorAccount.holder;
      }),
    ),
    invalid(
      'PIX_QRCODE without qrCode',
      '/qrCode',
      tweak(pixQrCode, (b) => {
        delete b.qrCode;
      }),
    ),
    invalid(
      'PIX_DICT without proxy',
      '/proxy',
      tweak(pixInic, (b) => {
        b.initType = 'PIX_DICT';
        delete b.proxy;
      }),
    ),
    invalid(
      'PIX_INIC without proxy',
      '/proxy',
      tweak(pixInic, (b) => {
        delete b.proxy;
      }),
    ),
    invalid(
      'a CNPJ customer without loggedUserCpf',
      '/loggedUserCpf',
      tweak(pixInic, (b) => {
        b.customer = { identifierType: 'CNPJ', identifier: '44471172000119' };
      }),
    ),
    invalid(
      'a CACC creditor account without issuer',
      '/creditorAccount/issuer',
      tweak(pixManu, (b) => {
        delete b.creditorAccount.issuer;
      }),
    ),
    invalid('a SVGS debtor account without issuer', '/debtorAccount/issuer', {
      ...pixInic,
      debtorAccount: { ispb: '12345678', number: '1', accountType: 'SVGS' },
    }),
    invalid('an unknown initType', '/initType', { ...pixInic, initType: 'PIX_BOLETO' }),
    invalid('the legacy field pixKey', '/pixKey', { ...pixInic, pixKey: '12345678901' }),
    invalid(
      'redirectUrl instead of redirectURL',
      '/redirectURL',
      tweak(pixInic, (b) => {
        b.redirectUrl = b.redirectURL;
        delete b.redirectURL;
      }),
    ),
    invalid(
      'an unknown customer field',
      '/customer/cpf',
      tweak(pixInic, (b) => {
        b.customer.cpf = '12345678901';
      }),
    ),
    invalid(
      'no clientMetadata',
      '/clientMetadata',
      tweak(pixInic, (b) => {
        delete b.clientMetadata;
      }),
    ),
    invalid('an unknown operating system', '/clientMetadata/os', {
      ...pixInic,
      clientMetadata: { ...clientMetadata, os: 'SYMBIAN' },
    }),
    invalid('a lower-case currency', '/currency', { ...pixInic, currency: 'brl' }),
    invalid('a redirectURL that is not a URL', '/redirectURL', { ...pixInic, redirectURL: 'your-platform/callback' }),
    invalid('a one-digit month in date', '/date', { ...pixInic, date: '2025-7-01' }),
    invalid('remittanceInformation of 141 characters', '/remittanceInformation', {
      ...pixInic,
      remittanceInformation: 'x'.repeat(141),
    }),
    invalid('a qrCode over 512 characters', '/qrCode', { ...pixQrCode, qrCode: '0'.repeat(513) }),
    invalid('a huge clientRequestId', '/clientRequestId', { ...pixInic, clientRequestId: 'a'.repeat(10_000) }),
    invalid('an empty clientRequestId', '/clientRequestId', { ...pixInic, clientRequestId: '' }),
    invalid('an ISPB of 7 digits', '/debtorAccount/ispb', {
      ...pixInic,
      debtorAccount: { ispb: '1234567', number: '1', accountType: 'TRAN' },
    }),
    invalid('a Pix key that is no kind of key', '/proxy', { ...pixInic, proxy: 'not a key' }),
    invalid('a loggedUserCpf with punctuation', '/loggedUserCpf', { ...pixInic, loggedUserCpf: '761.092.776-73' }),
    invalid('externalInfo with a nested object', '/externalInfo/nested', {
      ...pixInic,
      externalInfo: { nested: { a: 'b' } },
    }),
  ],
  createInstantPaymentLink: [
    valid('credentials and a payment without clientMetadata', {
      accessKey: 'l0l1a2v3i4',
      secretKey: 's3cr3t',
      payment: tweak(pixInic, (b) => {
        delete b.clientMetadata;
      }),
    }),
    valid('a PIX_MANU payment', { accessKey: 'l0l1a2v3i4', secretKey: 's3cr3t', payment: pixManu }),
    invalid('no payment', '/payment', { accessKey: 'l0l1a2v3i4', secretKey: 's3cr3t' }),
    invalid('no secretKey', '/secretKey', { accessKey: 'l0l1a2v3i4', payment: pixInic }),
    invalid('a PIX_MANU payment with a proxy', '/payment/proxy', {
      accessKey: 'l0l1a2v3i4',
      secretKey: 's3cr3t',
      payment: { ...pixManu, proxy: '12345678901' },
    }),
  ],
  createCustomerAccessToken: [
    valid('an accessKey/secretKey pair', {
      accessKey: 'l0l1a2v3i4',
      secretKey: 'TtMdrH&a8mfJdyUnfs#dYpAx15%QpXtxqt2n$',
    }),
    invalid('no secretKey', '/secretKey', { accessKey: 'l0l1a2v3i4' }),
    invalid('an empty accessKey', '/accessKey', { accessKey: '', secretKey: 'x' }),
    invalid('an unknown field', '/grantType', { accessKey: 'a', secretKey: 'b', grantType: 'client_credentials' }),
  ],
  cancelInstantPayment: [
    valid('cancelled by a CPF', { cancelledBy: '11111111111', identifierType: 'CPF' }),
    valid('cancelled by a CNPJ', { cancelledBy: '44471172000119', identifierType: 'CNPJ' }),
    invalid('a CPF of 14 digits', '/cancelledBy', { cancelledBy: '44471172000119', identifierType: 'CPF' }),
    invalid('a CNPJ of 11 digits', '/cancelledBy', { cancelledBy: '11111111111', identifierType: 'CNPJ' }),
    invalid('no identifierType', '/identifierType', { cancelledBy: '11111111111' }),
    invalid('an unknown document type', '/identifierType', { cancelledBy: '11111111111', identifierType: 'RG' }),
  ],
  createAutomaticConsent: [
    valid('the docs example', consentRequest),
    valid(
      'only the required fields',
      tweak(consentRequest, (b) => {
        delete b.additionalInformation;
        delete b.paymentMethodConfig.minimumVariableAmount;
        delete b.paymentMethodConfig.maximumVariableAmount;
        delete b.paymentMethodConfig.firstPayment;
      }),
    ),
    valid('a debtor account and externalInfo', {
      ...consentRequest,
      debtorAccount: { ispb: '12345678', number: '99', accountType: 'TRAN' },
      externalInfo: { plan: 'premium' },
    }),
    valid(
      'a company customer and contract debtor',
      tweak(consentRequest, (b) => {
        b.customer = { identifierType: 'CNPJ', identifier: '44471172000119' };
        b.paymentMethodConfig.contractDebtor = {
          identifierType: 'CNPJ',
          identifier: '44471172000119',
          name: 'Klavi Ltda',
        };
      }),
    ),
    valid(
      'a weekly recurrence without retries',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.interval = 'WEEKLY';
        b.paymentMethodConfig.isRetryAccepted = false;
      }),
    ),
    invalid(
      'no paymentMethodConfig',
      '/paymentMethodConfig',
      tweak(consentRequest, (b) => {
        delete b.paymentMethodConfig;
      }),
    ),
    invalid(
      'a Portuguese interval',
      '/paymentMethodConfig/interval',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.interval = 'MENSAL';
      }),
    ),
    invalid(
      'a creditor account without holder',
      '/creditorAccount/holder',
      tweak(consentRequest, (b) => {
        delete b.creditorAccount.holder;
      }),
    ),
    invalid(
      'isRetryAccepted as a string',
      '/paymentMethodConfig/isRetryAccepted',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.isRetryAccepted = 'true';
      }),
    ),
    invalid(
      'minimumVariableAmount as a number',
      '/paymentMethodConfig/minimumVariableAmount',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.minimumVariableAmount = 80.01;
      }),
    ),
    invalid(
      'a contractId with punctuation',
      '/paymentMethodConfig/contractId',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.contractId = 'EX-123';
      }),
    ),
    invalid(
      'a first payment amount with one decimal',
      '/paymentMethodConfig/firstPayment/amount',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.firstPayment.amount = '3000.2';
      }),
    ),
    invalid(
      'a first payment without date',
      '/paymentMethodConfig/firstPayment/date',
      tweak(consentRequest, (b) => {
        delete b.paymentMethodConfig.firstPayment.date;
      }),
    ),
    invalid(
      'a Brazilian-format referenceStartDate',
      '/paymentMethodConfig/referenceStartDate',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.referenceStartDate = '01/06/2025';
      }),
    ),
    invalid(
      'a CPF of 12 digits',
      '/customer/identifier',
      tweak(consentRequest, (b) => {
        b.customer.identifier = '761092776730';
      }),
    ),
    invalid(
      'no clientMetadata',
      '/clientMetadata',
      tweak(consentRequest, (b) => {
        delete b.clientMetadata;
      }),
    ),
    invalid(
      'no redirectURL',
      '/redirectURL',
      tweak(consentRequest, (b) => {
        delete b.redirectURL;
      }),
    ),
    invalid(
      'an undocumented fixedAmount',
      '/paymentMethodConfig/fixedAmount',
      tweak(consentRequest, (b) => {
        b.paymentMethodConfig.fixedAmount = '99.90';
      }),
    ),
    invalid('an unknown top-level field', '/recurringConfiguration', { ...consentRequest, recurringConfiguration: {} }),
    invalid(
      'a contract debtor without name',
      '/paymentMethodConfig/contractDebtor/name',
      tweak(consentRequest, (b) => {
        delete b.paymentMethodConfig.contractDebtor.name;
      }),
    ),
  ],
  createAutomaticConsentLink: [
    valid('credentials and a consent without clientMetadata', {
      accessKey: 'a',
      secretKey: 'b',
      consent: tweak(consentRequest, (b) => {
        delete b.clientMetadata;
      }),
    }),
    invalid('no consent', '/consent', { accessKey: 'a', secretKey: 'b' }),
  ],
  createAutomaticPayment: [
    valid('a date and an amount', { clientRequestId: 'r-1', date: '2025-07-05', amount: '99.90' }),
    valid('with automatic retries', {
      clientRequestId: 'r-2',
      date: '2025-07-05',
      amount: '99.90',
      autoRetryStrategy: { skipWeekend: true, days: [1, 3, 7] },
    }),
    invalid('the docs sample amount 0, a number', '/amount', { clientRequestId: 'r-3', date: '2025-07-05', amount: 0 }),
    invalid('a retry on day 0', '/autoRetryStrategy/days/0', {
      clientRequestId: 'r-4',
      date: '2025-07-05',
      amount: '1.00',
      autoRetryStrategy: { days: [0] },
    }),
    invalid('four retries', '/autoRetryStrategy/days', {
      clientRequestId: 'r-5',
      date: '2025-07-05',
      amount: '1.00',
      autoRetryStrategy: { days: [1, 2, 3, 4] },
    }),
    invalid('no date', '/date', { clientRequestId: 'r-6', amount: '1.00' }),
  ],
  retryAutomaticPayment: [
    valid('a new id and date', { clientRequestId: 'r-7', date: '2025-07-08' }),
    invalid('no clientRequestId', '/clientRequestId', { date: '2025-07-08' }),
    invalid('an amount, which a retry cannot change', '/amount', {
      clientRequestId: 'r-8',
      date: '2025-07-08',
      amount: '1.00',
    }),
  ],
};

for (const [operationId, cases] of Object.entries(table)) {
  describe(`${operationId} request body`, () => {
    const { pointer } = operationById(operationId);
    const schemaPointer = `${pointer}/requestBody/content/${escapePointer('application/json')}/schema`;

    it.each(cases.filter((c) => !c.field).map((c) => [c.name, c] as const))('accepts %s', (_name, c) => {
      const verdict = validateAt(schemaPointer, c.body);
      expect(verdict.valid, describeErrors(verdict.errors)).toBe(true);
    });

    it.each(cases.filter((c) => c.field).map((c) => [c.name, c] as const))('rejects %s', (_name, c) => {
      const verdict = validateAt(schemaPointer, c.body);
      expect(verdict.valid).toBe(false);
      expect(
        namesField(verdict.errors, c.field!),
        `errors should name ${c.field}:\n${describeErrors(verdict.errors)}`,
      ).toBe(true);
    });
  });
}

describe('the table', () => {
  it.each(['createInstantPayment', 'createAutomaticConsent'])(
    'has at least 5 valid and 10 invalid bodies for %s',
    (operationId) => {
      const cases = table[operationId] ?? [];
      expect(cases.filter((c) => !c.field).length).toBeGreaterThanOrEqual(5);
      expect(cases.filter((c) => c.field).length).toBeGreaterThanOrEqual(10);
    },
  );
});
