// Input that tries the parsers rather than the API: keys named after Object.prototype members,
// duplicate singleton headers, requests that are not valid HTTP, and secrets in logged URLs.
// Each gets the spec's error body with a message that names the problem; nothing is stored.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../src/redact.js';
import { boot, CUSTOMER, example, instantBody, key, type Booted } from './support/harness.js';

let t: Booted;
let token: string;
const lines: string[] = [];
beforeAll(async () => {
  t = await boot({ quiet: false, log: (line) => lines.push(line) });
  token = await t.token();
});
afterAll(() => t.stop());

/** Sends raw bytes and reads the whole answer: fetch cannot send what these tests send. */
function rawHttp(request: string): Promise<{ status: number; headers: string; body: any }> {
  const url = new URL(t.sandbox.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const text = rest.join('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        headers: head,
        body: text ? JSON.parse(text) : undefined,
      });
    });
  });
}

const post = (path: string, json: string, headers: Record<string, string> = {}) =>
  t.raw(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: json,
  });

/** The body as JSON text with `key: value` spliced into the object at `at` (a top-level key, or the root). */
function withKey(body: unknown, name: string, at?: string): string {
  const text = JSON.stringify(body);
  if (!at) return text.replace(/^\{/, `{"${name}":{"polluted":true},`);
  return text.replace(`"${at}":{`, `"${at}":{"${name}":{"polluted":true},`);
}

describe('keys named after Object.prototype members', () => {
  const creates = [
    ['createInstantPayment', '/payment/customer/v1/instant/payments', () => instantBody()],
    [
      'createInstantPaymentLink',
      '/payment/customer/v1/instant/payment-links',
      () => ({ ...example('InstantPaymentLinkRequest'), accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey }),
    ],
    [
      'createAutomaticConsent',
      '/payment/customer/v1/automatic/consents',
      () => ({ ...example('AutomaticConsentRequest'), clientRequestId: key('consent') }),
    ],
  ] as const;

  for (const [operation, path, body] of creates) {
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
      `${operation}: an unknown %s is refused, named`,
      async (name) => {
        const response = await post(path, withKey(body(), name));
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ statusCode: 400, message: `body.${name} is not a known field` });
      },
    );
  }

  it('is refused nested, as customer.__proto__', async () => {
    const response = await post(
      '/payment/customer/v1/instant/payments',
      withKey(instantBody(), '__proto__', 'customer'),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe('body.customer.__proto__ is not a known field');
  });

  it('is never stored: the Management list has no such key and nothing is polluted', async () => {
    const management = await t.token('management');
    const list = await t.raw(`/payment/management/v1/merchants/${CUSTOMER.appId}/orders`, {
      headers: { authorization: `Bearer ${management}` },
    });
    expect(await list.text()).not.toMatch(/polluted|__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('duplicate singleton headers', () => {
  it('two Authorization headers get 400, named', async () => {
    const body = JSON.stringify(instantBody());
    const answer = await rawHttp(
      `POST /payment/customer/v1/instant/payments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAuthorization: Bearer other\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the Authorization header was sent 2 times; send it once',
    });
  });

  it('one Authorization header is fine', async () => {
    const answer = await rawHttp(
      `GET /payment/management/v1/merchants/apps HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await t.token('management')}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(200);
  });
});

describe('requests that are not valid HTTP', () => {
  const body = '{"a":1}';
  it.each([
    [
      'two Content-Length headers',
      `POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n${body}`,
      /Content-Length is sent more than once/,
    ],
    [
      'Transfer-Encoding and Content-Length together',
      `POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 7\r\n\r\n7\r\n${body}\r\n0\r\n\r\n`,
      /both Content-Length and Transfer-Encoding/,
    ],
    ['an unknown method', 'BREW /payment/customer/v1/auth HTTP/1.1\r\nHost: x\r\n\r\n', /method is not an HTTP method/],
    [
      'a NUL in a header',
      'GET /payment/customer/v1/auth HTTP/1.1\r\nHost: x\r\nX-Evil: a\u0000b\r\n\r\n',
      /character HTTP does not allow/,
    ],
    [
      'headers over the limit',
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      /headers are larger than the 16384 bytes/,
    ],
  ])('%s get 400 and a message that says so', async (_, request, message) => {
    const answer = await rawHttp(request);
    expect(answer.status).toBe(400);
    expect(answer.headers).toMatch(/content-type: application\/json/i);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(answer.body.message).toMatch(/^the request is not valid HTTP: /);
    expect(answer.body.message).toMatch(message);
  });

  it('leave the sandbox serving', async () => {
    expect((await t.raw('/payment/management/v1/merchants/apps')).status).toBe(401);
  });
});

describe('logged URLs', () => {
  it('hide bank-link tokens and unknown query values, and keep the spec’s paging parameters', async () => {
    await t.raw('/sandbox/bank/authorize/secret-link-token-123');
    await t.raw('/payment/customer/v1/instant/payments/abc/status?accessToken=hunter2');
    const logged = lines.join('\n');
    expect(logged).not.toContain('secret-link-token-123');
    expect(logged).not.toContain('hunter2');
    expect(logged).toContain('/sandbox/bank/authorize/[redacted]');
    expect(logged).toContain('?accessToken=[redacted]');
  });

  it('redacts by rule', () => {
    const keep = new Set(['pageSize', 'cursor']);
    expect(redactUrl('/o?pageSize=20&cursor=abc&token=t&flag', keep)).toBe(
      '/o?pageSize=20&cursor=abc&token=[redacted]&flag',
    );
    expect(redactUrl('/sandbox/bank/authorize/tok?x=1', keep)).toBe('/sandbox/bank/authorize/[redacted]?x=[redacted]');
    expect(redactUrl('/o?%E0%A4%A=1', keep)).toBe('/o?%E0%A4%A=[redacted]');
  });
});
