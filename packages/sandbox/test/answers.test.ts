// Every documented answer on demand: for each (operation, status) pair the bundled spec documents,
// `Prefer: code=<status>` gets that status, with a body and headers the spec allows. The pairs are
// read from the spec; only how to make a valid request of each operation is written here.
import { SpecValidator } from '@klavi-pay/openapi-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boot,
  bundle,
  CUSTOMER,
  decide,
  example,
  instantBody,
  key,
  MANAGEMENT,
  APP_ID,
  type Booted,
} from './support/harness.js';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());

interface Request {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  scheme: 'customer' | 'management' | null;
}

const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const brasiliaDay = (days = 0) =>
  new Date(t.sandbox.clock.now() - 3 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function send(method: string, request: Request, prefer?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (request.scheme) headers.authorization = `Bearer ${await t.token(request.scheme)}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (prefer !== undefined) headers.prefer = prefer;
  const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
  return t.raw(request.path + query, {
    method,
    headers,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
}

async function created(path: string, body: unknown): Promise<{ id: string; [k: string]: unknown }> {
  const response = await send('POST', { path, body, scheme: 'customer' });
  expect(response.status, `POST ${path}`).toBe(200);
  return (await response.json()) as { id: string };
}

const instant = () => created('/payment/customer/v1/instant/payments', instantBody());
function consentBody() {
  const body = example('AutomaticConsentRequest');
  return { ...body, clientRequestId: key('consent') };
}
async function authorizedConsent() {
  const consent = await created('/payment/customer/v1/automatic/consents', consentBody());
  await decide(t.sandbox, consent.consentRedirectURL as string, 'approve');
  return consent;
}
async function scheduled(amount = '90.00') {
  const consent = await authorizedConsent();
  const payment = await created(`/payment/customer/v1/automatic/consents/${consent.id}/payments`, {
    clientRequestId: key('charge'),
    date: brasiliaDay(),
    amount,
  });
  return { consentId: consent.id, paymentId: payment.id };
}
async function rejected() {
  const ids = await scheduled('90.01');
  t.sandbox.clock.advance(2000);
  return ids;
}
const links = (name: string, inner: string) => {
  const body = example(name);
  return {
    ...body,
    accessKey: CUSTOMER.accessKey,
    secretKey: CUSTOMER.secretKey,
    [inner]: { ...body[inner], clientRequestId: key('link') },
  };
};
const cancelBody = () => example('CancelPaymentRequest');
const automatic = (ids: { consentId: string; paymentId: string }, tail = '') =>
  `/payment/customer/v1/automatic/consents/${ids.consentId}/payments/${ids.paymentId}${tail}`;

/** A valid request of each operation, fresh each time (a success does the work). */
const VALID: Record<string, () => Promise<Request>> = {
  createCustomerAccessToken: async () => ({
    path: '/payment/customer/v1/auth',
    body: { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
    scheme: null,
  }),
  createManagementAccessToken: async () => ({
    path: '/payment/management/v1/auth',
    body: { accessKey: MANAGEMENT.accessKey, secretKey: MANAGEMENT.secretKey },
    scheme: null,
  }),
  createInstantPayment: async () => ({
    path: '/payment/customer/v1/instant/payments',
    body: instantBody(),
    scheme: 'customer',
  }),
  createInstantPaymentLink: async () => ({
    path: '/payment/customer/v1/instant/payment-links',
    body: links('InstantPaymentLinkRequest', 'payment'),
    scheme: null,
  }),
  getInstantPayment: async () => ({
    path: `/payment/customer/v1/instant/payments/${(await instant()).id}`,
    scheme: 'customer',
  }),
  getInstantPaymentStatus: async () => ({
    path: `/payment/customer/v1/instant/payments/${(await instant()).id}/status`,
    scheme: 'customer',
  }),
  cancelInstantPayment: async () => ({
    path: `/payment/customer/v1/instant/payments/${(await instant()).id}/cancel`,
    body: cancelBody(),
    scheme: 'customer',
  }),
  createAutomaticConsent: async () => ({
    path: '/payment/customer/v1/automatic/consents',
    body: consentBody(),
    scheme: 'customer',
  }),
  createAutomaticConsentLink: async () => ({
    path: '/payment/customer/v1/automatic/consent-links',
    body: links('AutomaticConsentLinkRequest', 'consent'),
    scheme: null,
  }),
  getAutomaticConsent: async () => ({
    path: `/payment/customer/v1/automatic/consents/${(await authorizedConsent()).id}`,
    scheme: 'customer',
  }),
  getAutomaticConsentStatus: async () => ({
    path: `/payment/customer/v1/automatic/consents/${(await authorizedConsent()).id}/status`,
    scheme: 'customer',
  }),
  createAutomaticPayment: async () => ({
    path: `/payment/customer/v1/automatic/consents/${(await authorizedConsent()).id}/payments`,
    body: { clientRequestId: key('charge'), date: brasiliaDay(), amount: '90.00' },
    scheme: 'customer',
  }),
  getAutomaticPayment: async () => ({ path: automatic(await scheduled()), scheme: 'customer' }),
  getAutomaticPaymentStatus: async () => ({ path: automatic(await scheduled(), '/status'), scheme: 'customer' }),
  cancelAutomaticPayment: async () => ({
    path: automatic(await scheduled(), '/cancel'),
    body: cancelBody(),
    scheme: 'customer',
  }),
  retryAutomaticPayment: async () => ({
    path: automatic(await rejected(), '/retry'),
    body: { clientRequestId: key('retry'), date: brasiliaDay(1) },
    scheme: 'customer',
  }),
  listMerchantApps: async () => ({ path: '/payment/management/v1/merchants/apps', scheme: 'management' }),
  listOrders: async () => ({ path: `/payment/management/v1/merchants/${APP_ID}/orders`, scheme: 'management' }),
  getOrder: async () => ({
    path: `/payment/management/v1/merchants/${APP_ID}/orders/${(await instant()).id}`,
    scheme: 'management',
  }),
  listAutomaticConsents: async () => ({
    path: `/payment/management/v1/merchants/automatic/${APP_ID}/consents`,
    scheme: 'management',
  }),
  listAutomaticConsentOrders: async () => ({
    path: `/payment/management/v1/merchants/automatic/${APP_ID}/consents/${(await authorizedConsent()).id}/orders`,
    scheme: 'management',
  }),
};

/** Every documented (operation, status) pair of the bundled spec, with where its response is. */
interface Pair {
  operationId: string;
  method: string;
  status: string;
  response: { pointer: string; headers: Record<string, { required?: boolean; schema?: unknown }> };
}
const refOf = (node: { $ref?: string }, at: string): string => (node.$ref ? node.$ref : at);
function resolve(pointer: string): any {
  return pointer
    .slice(2)
    .split('/')
    .reduce((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
}
const PAIRS: Pair[] = [];
for (const [path, item] of Object.entries<Record<string, any>>(bundle.paths)) {
  for (const [method, operation] of Object.entries<any>(item)) {
    if (!operation?.operationId) continue;
    for (const [status, entry] of Object.entries<any>(operation.responses)) {
      const pointer = refOf(entry, `#/paths/${escapeSegment(path)}/${method}/responses/${status}`);
      const response = resolve(pointer);
      const headers: Pair['response']['headers'] = {};
      for (const [name, header] of Object.entries<any>(response.headers ?? {}))
        headers[name] = header.$ref ? resolve(header.$ref) : header;
      PAIRS.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        status,
        response: { pointer, headers },
      });
    }
  }
}
const validator = new SpecValidator(bundle, { baseUri: 'https://klavi.ai/openapi.json' });

describe('Prefer: code', () => {
  it('reads the pairs from the spec: every operation, every documented status', () => {
    // The spec documents 215 pairs today; the test covers whatever it documents.
    expect(PAIRS.length).toBeGreaterThanOrEqual(215);
    expect(new Set(PAIRS.map((p) => p.operationId)).size).toBe(Object.keys(VALID).length);
  });

  it.each(PAIRS.map((p) => [`${p.operationId} ${p.status}`, p] as const))('%s', async (_name, pair) => {
    const make = VALID[pair.operationId];
    if (!make) throw new Error(`no valid request of ${pair.operationId} is written in this test`);
    const response = await send(pair.method, await make(), `code=${pair.status}`);
    const text = await response.text();
    expect(response.status, text).toBe(Number(pair.status));
    expect(response.headers.get('preference-applied')).toBe(`code=${pair.status}`);
    const body = JSON.parse(text);
    const schema = `${pair.response.pointer}/content/application~1json/schema`;
    const verdict = validator.validate(schema, body, 'body');
    expect(verdict.valid, verdict.message).toBe(true);
    // A made-up answer says why it was given; a success is the work's own answer.
    if (!pair.status.startsWith('2'))
      expect(body.message).toBe(`Prefer: code=${pair.status} asked for this answer; nothing was done`);
    for (const [name, header] of Object.entries(pair.response.headers)) {
      const value = response.headers.get(name);
      if (header.required) expect(value, `${name} on ${pair.operationId} ${pair.status}`).not.toBeNull();
      if (value === null) continue;
      const typed = /^\d+$/.test(value) ? Number(value) : value;
      const headerVerdict = validator.validate(`${resolveHeaderPointer(pair, name)}/schema`, typed, name);
      expect(headerVerdict.valid, headerVerdict.message).toBe(true);
    }
  });
});

function resolveHeaderPointer(pair: Pair, name: string): string {
  const entry = resolve(pair.response.pointer).headers[name];
  return entry.$ref ?? `${pair.response.pointer}/headers/${escapeSegment(name)}`;
}
