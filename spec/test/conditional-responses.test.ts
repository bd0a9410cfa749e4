// The conditional rules on response bodies are schema, not prose: a response that breaks one is
// invalid, and the same response without the break is valid.
import { describe, expect, it } from 'vitest';
import { bundle, describeErrors, type JsonObject, validateAt } from './support/spec.js';
import { tweak } from './support/bodies.js';

const example = (name: string): any => structuredClone(((bundle.components as JsonObject).examples as any)[name].value);

const payment = example('InstantPayment');
const awaiting = tweak(payment, (p) => {
  p.status = 'CONSENT_AWAITING_AUTHORIZATION';
  delete p.cancellation;
  delete p.endToEndId;
});

const cases: Array<{ name: string; schema: string; body: unknown; valid: boolean }> = [
  {
    name: 'a payment awaiting authorization needs no endToEndId',
    schema: 'InstantPayment',
    body: awaiting,
    valid: true,
  },
  {
    name: 'a completed payment has an endToEndId',
    schema: 'InstantPayment',
    body: { ...awaiting, status: 'PAYMENT_COMPLETED', endToEndId: 'E9040088820210128000800123873170' },
    valid: true,
  },
  {
    name: 'a completed payment without endToEndId is invalid',
    schema: 'InstantPayment',
    body: { ...awaiting, status: 'PAYMENT_COMPLETED' },
    valid: false,
  },
  {
    name: 'a cancelled payment without cancellation is invalid',
    schema: 'InstantPayment',
    body: { ...awaiting, status: 'CANCELED' },
    valid: false,
  },
  {
    name: 'a PIX_INIC payment without proxy is invalid',
    schema: 'InstantPayment',
    body: tweak(awaiting, (p) => {
      delete p.proxy;
    }),
    valid: false,
  },
  {
    name: 'a PIX_QRCODE payment without qrCode is invalid',
    schema: 'InstantPayment',
    body: { ...awaiting, initType: 'PIX_QRCODE' },
    valid: false,
  },
  {
    name: 'a PIX_MANU payment whose creditor has no holder is invalid',
    schema: 'InstantPayment',
    body: tweak(awaiting, (p) => {
      p.initType = 'PIX_MANU';
      delete p.proxy;
      delete p.creditorAccount.holder;
    }),
    valid: false,
  },
  {
    name: 'a CNPJ customer without loggedUserCpf is invalid',
    schema: 'InstantPayment',
    body: { ...awaiting, customer: { identifierType: 'CNPJ', identifier: '44471172000119' } },
    valid: false,
  },
  {
    name: 'a created payment awaiting authorization without consentRedirectURL is invalid',
    schema: 'InstantPaymentCreated',
    body: tweak(example('InstantPaymentCreated'), (p) => {
      delete p.consentRedirectURL;
    }),
    valid: false,
  },
  {
    name: 'a created payment already rejected needs no consentRedirectURL',
    schema: 'InstantPaymentCreated',
    body: tweak(example('InstantPaymentCreated'), (p) => {
      delete p.consentRedirectURL;
      p.status = 'CONSENT_REJECTED';
    }),
    valid: true,
  },
  {
    name: 'a cancelled recurring payment without cancellation is invalid',
    schema: 'AutomaticPayment',
    body: tweak(example('AutomaticPaymentCanceled'), (p) => {
      delete p.cancellation;
    }),
    valid: false,
  },
  {
    name: 'a timestamp with milliseconds is valid',
    schema: 'Timestamp',
    body: '2022-09-23T03:39:43.737Z',
    valid: true,
  },
  {
    name: 'a timestamp with an offset is invalid',
    schema: 'Timestamp',
    body: '2022-09-23T03:39:43-03:00',
    valid: false,
  },
  {
    name: 'the docs typo CONSENT_AUTHORIED is not a status',
    schema: 'InstantPaymentStatus',
    body: 'CONSENT_AUTHORIED',
    valid: false,
  },
  {
    name: 'the Portuguese reason code NAO_INFORMADO is accepted',
    schema: 'StatusReasonCode',
    body: 'NAO_INFORMADO',
    valid: true,
  },
  {
    name: 'the English reason code USER_REJECTED is accepted',
    schema: 'StatusReasonCode',
    body: 'USER_REJECTED',
    valid: true,
  },
];

describe('conditional response rules', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const verdict = validateAt(`#/components/schemas/${c.schema}`, c.body);
    expect(verdict.valid, describeErrors(verdict.errors)).toBe(c.valid);
  });
});
