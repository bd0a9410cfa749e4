// Bad input never crashes the sandbox and never gets a 5xx: each case gets the spec's error body
// with a message that names what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../src/index.js';
import { boot, instantBody, type Booted } from './support/harness.js';

let t: Booted;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await boot();
  auth = { authorization: `Bearer ${await t.token()}` };
});
afterAll(() => t.stop());

const CREATE = '/payment/customer/v1/instant/payments';

async function send(path: string, init: RequestInit = {}) {
  const response = await t.raw(path, init);
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('malformed requests', () => {
  it('malformed JSON', async () => {
    const { status, body } = await send(CREATE, json('{"clientRequestId": "x",'));
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(body.message).toMatch(/^body is not valid JSON: /);
  });

  it('a wrong content type', async () => {
    const { status, body } = await send(CREATE, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(status).toBe(400);
    expect(body.message).toBe('Content-Type must be application/json, got text/plain');
  });

  it('a form instead of JSON', async () => {
    const { status, body } = await send(CREATE, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(status).toBe(400);
    expect(body.message).toBe('Content-Type must be application/json, got application/x-www-form-urlencoded');
  });

  it('a missing body', async () => {
    const { status, body } = await send(CREATE, { method: 'POST', headers: auth });
    expect(status).toBe(400);
    expect(body.message).toBe('body is required: send a JSON object with Content-Type: application/json');
  });

  it('a body over 1 MB', async () => {
    const { status, body } = await send(
      CREATE,
      json({ ...instantBody(), remittanceInformation: 'x'.repeat(BODY_LIMIT) }),
    );
    expect(status).toBe(400);
    expect(body.message).toBe(`body is larger than the ${BODY_LIMIT} bytes the API accepts`);
  });

  it('JSON that is not an object', async () => {
    const { status, body } = await send(CREATE, json('[1, 2, 3]'));
    expect(status).toBe(400);
    expect(body.message).toMatch(/^body must be of type object/);
  });
});

describe('invalid fields, each named', () => {
  it.each([
    ['an unknown field', { surprise: true }, 'body.surprise is not a known field'],
    ['a wrong type', { amount: 10 }, 'body.amount must be of type string'],
    ['a broken pattern', { amount: '10' }, 'body.amount must NOT have fewer than 4 characters'],
    [
      'a huge string',
      { remittanceInformation: 'x'.repeat(100_000) },
      'body.remittanceInformation must NOT have more than',
    ],
    ['a currency that is not an ISO 4217 code', { currency: 'real' }, 'body.currency'],
    ['a missing required field', { customer: undefined }, 'body.customer is required'],
    [
      'PIX_MANU without the creditor holder',
      { creditorAccount: { ispb: '87654321', issuer: '1234', number: '12345678', accountType: 'CACC' } },
      'body.creditorAccount.holder is required',
    ],
    ['PIX_MANU with a proxy', { proxy: '+5561988887777' }, 'body.proxy is not allowed here'],
    [
      'a CPF with 14 digits',
      { customer: { identifierType: 'CPF', identifier: '12345678901234' } },
      'body.customer.identifier',
    ],
    ['an unknown initType', { initType: 'PIX_TED' }, 'body.initType'],
  ])('%s', async (_, patch, message) => {
    const { status, body } = await send(CREATE, json({ ...instantBody(), ...patch }));
    expect(status).toBe(400);
    expect(body.message).toContain(message);
  });

  it('a PIX_DICT payment without its proxy names the proxy, not the other branches', async () => {
    const { proxy: _dropped, ...body } = instantBody({}, 'InstantPaymentPixDictRequest');
    const result = await send(CREATE, json(body));
    expect(result.status).toBe(400);
    expect(result.body.message).toBe('body.proxy is required');
  });
});

describe('parameters', () => {
  it('an invalid path parameter', async () => {
    const { status, body } = await send('/payment/customer/v1/instant/payments/not%20an%20id/status', {
      headers: auth,
    });
    expect(status).toBe(400);
    expect(body.message).toMatch(/^path\.id must match the pattern/);
  });

  it('an unknown query parameter', async () => {
    const { status, body } = await send('/payment/customer/v1/instant/payments/abc/status?verbose=1', {
      headers: auth,
    });
    expect(status).toBe(400);
    expect(body.message).toBe('query.verbose is not a parameter of getInstantPaymentStatus');
  });

  it('a pageSize out of range', async () => {
    const management = { authorization: `Bearer ${await t.token('management')}` };
    for (const [value, message] of [
      ['201', 'query.pageSize must be <= 200'],
      ['0', 'query.pageSize must be >= 1'],
      ['ten', 'query.pageSize must be of type integer'],
    ]) {
      const { status, body } = await send(
        `/payment/management/v1/merchants/0b59d801-08e0-4e84-9ecd-569f34e32279/orders?pageSize=${value}`,
        { headers: management },
      );
      expect(status).toBe(400);
      expect(body.message).toBe(message);
    }
  });
});

describe('routes', () => {
  it('an unknown path gets 404', async () => {
    const { status, body } = await send('/payment/customer/v1/nothing-here', { headers: auth });
    expect(status).toBe(404);
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'there is no operation at GET /payment/customer/v1/nothing-here',
    });
  });

  it('an unknown id gets 404', async () => {
    const { status, body } = await send('/payment/customer/v1/instant/payments/fcb72e3a-b346-4f71-b044-971dc23232c9', {
      headers: auth,
    });
    expect(status).toBe(404);
    expect(body.message).toBe('payment fcb72e3a-b346-4f71-b044-971dc23232c9 was not found');
  });

  it.each([
    ['DELETE', '/payment/customer/v1/instant/payments/abc', 'GET'],
    ['PUT', '/payment/customer/v1/instant/payments', 'POST'],
    ['GET', '/payment/customer/v1/auth', 'POST'],
    ['PATCH', '/payment/management/v1/merchants/apps', 'GET'],
  ])('%s %s gets 405 with Allow: %s', async (method, path, allowed) => {
    const { status, headers, body } = await send(path, { method, headers: auth });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe(allowed);
    expect(body.message).toBe(`${method} is not allowed on ${path.replace(/\/abc$/, '/{id}')}; allowed: ${allowed}`);
  });
});
