import { decodeProtectedHeader, decodeJwt, SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, CUSTOMER, MANAGEMENT, type Booted } from './support/harness.js';
import { DEMO_CREDENTIALS, TokenService } from '../src/auth.js';
import { createClock } from '../src/clock.js';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());

const STATUS = '/payment/customer/v1/instant/payments/fcb72e3a-b346-4f71-b044-971dc23232c9/status';
const APPS = '/payment/management/v1/merchants/apps';

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as { statusCode: number; error: string; message: string };
}

function post(path: string, body: unknown) {
  return t.raw(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('token endpoints', () => {
  it('issue an ES256 JWT with an expiry for the Customer pair', async () => {
    const response = await post('/payment/customer/v1/auth', {
      accessKey: CUSTOMER.accessKey,
      secretKey: CUSTOMER.secretKey,
    });
    expect(response.status).toBe(200);
    const { accessToken, expireIn } = (await response.json()) as { accessToken: string; expireIn: number };
    expect(expireIn).toBe(3600);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    const claims = decodeJwt(accessToken);
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.sub).toBe(CUSTOMER.accessKey);
  });

  it.each([
    ['a wrong secret', '/payment/customer/v1/auth', { accessKey: CUSTOMER.accessKey, secretKey: 'nope' }],
    [
      'the Management pair at the Customer endpoint',
      '/payment/customer/v1/auth',
      { accessKey: MANAGEMENT.accessKey, secretKey: MANAGEMENT.secretKey },
    ],
    [
      'the Customer pair at the Management endpoint',
      '/payment/management/v1/auth',
      { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
    ],
  ])('refuse %s with 401 and the error body', async (_, path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid accessKey or secretKey',
    });
  });

  it('name a missing credential field with 400', async () => {
    const response = await post('/payment/customer/v1/auth', { accessKey: CUSTOMER.accessKey });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('body.secretKey is required');
  });
});

describe('bearer tokens', () => {
  const cases: Array<[string, () => Promise<Record<string, string>>, RegExp]> = [
    ['a missing Authorization header', async () => ({}), /Authorization header is missing/],
    [
      'a header that is not Bearer',
      async () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
      /Authorization header is malformed/,
    ],
    [
      'a token that is not a JWT',
      async () => ({ authorization: 'Bearer not-a-jwt' }),
      /Access token is malformed or invalid/,
    ],
    [
      'a token signed with another key (forged)',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const forged = await new SignJWT({ scope: 'CustomerBearer', merchant: 'demo-merchant' })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer('klavi-sandbox')
          .setExpirationTime('1h')
          .sign(privateKey);
        return { authorization: `Bearer ${forged}` };
      },
      /Access token signature is invalid/,
    ],
    [
      'a tampered payload',
      async () => ({ authorization: `Bearer ${tamper(await t.token())}` }),
      /signature is invalid|malformed or invalid/,
    ],
  ];

  it('refuse a Management token on the Customer API with 403 (D-48)', async () => {
    const response = await t.raw(STATUS, { headers: { authorization: `Bearer ${await t.token('management')}` } });
    expect(response.status).toBe(403);
    const body = await errorOf(response);
    expect(body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(body.message).toMatch(/belongs to the Management API/);
  });

  it.each(cases)('refuse %s with 401', async (_, headers, message) => {
    const response = await t.raw(STATUS, { headers: await headers() });
    expect(response.status).toBe(401);
    const body = await errorOf(response);
    expect(body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(body.message).toMatch(message);
  });

  it('refuse a Customer token on the Management API with 403 (D-48)', async () => {
    const response = await t.raw(APPS, { headers: { authorization: `Bearer ${await t.token('customer')}` } });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).message).toMatch(/belongs to the Customer API/);
  });

  it('refuse a token once the sandbox clock passes its expiry', async () => {
    const token = await t.token('management');
    expect((await t.raw(APPS, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    t.sandbox.clock.advance(3600 * 1000 + 1000);
    const response = await t.raw(APPS, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toBe('Access token has expired: request a new one');
  });

  it('answer 401 before looking at the request, so anonymous callers learn nothing', async () => {
    const response = await t.raw('/payment/customer/v1/instant/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"amount": 1}',
    });
    expect(response.status).toBe(401);
  });

  it('let the client renew an expired token by itself', async () => {
    await t.client.GET('/payment/management/v1/merchants/apps');
    t.sandbox.clock.advance(3601 * 1000);
    // The client's cache still thinks the token is fresh (its own clock did not move): the 401
    // makes it refresh and replay.
    const { data, response } = await t.client.GET('/payment/management/v1/merchants/apps');
    expect(response.status).toBe(200);
    expect(data!.data.length).toBeGreaterThan(0);
  });
});

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  claims.merchant = 'someone-else';
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('the verified-token cache', () => {
  const pair = DEMO_CREDENTIALS.CustomerBearer[0]!;
  const header = (token: string) => `Bearer ${token}`;
  // verify throws synchronously for what the cache decides, and rejects for what jose does.
  const settled = (run: () => unknown) => Promise.resolve().then(run);

  it('checks a signature once, and expiry on every use, exactly as a fresh verification does', async () => {
    const clock = createClock(Date.parse('2026-11-21T12:00:00.000Z'));
    const tokens = new TokenService(DEMO_CREDENTIALS, clock, 60);
    await tokens.init();
    const cached = (await tokens.issue('CustomerBearer', pair.accessKey, pair.secretKey)).accessToken;
    clock.advance(1);
    const fresh = (await tokens.issue('CustomerBearer', pair.accessKey, pair.secretKey)).accessToken;
    await tokens.verify(header(cached), 'CustomerBearer');
    await tokens.verify(header(cached), 'CustomerBearer');
    expect(tokens.verifiedCount).toBe(1);
    // Both expire at the same second: one answered from the cache, one verified for the first time.
    clock.advance(60_000 - 2);
    await expect(settled(() => tokens.verify(header(cached), 'CustomerBearer'))).resolves.toMatchObject({
      accessKey: pair.accessKey,
    });
    clock.advance(1);
    for (const token of [cached, fresh])
      await expect(settled(() => tokens.verify(header(token), 'CustomerBearer'))).rejects.toMatchObject({
        status: 401,
        message: 'Access token has expired: request a new one',
      });
  });

  it('never lets a token past because a similar one was cached', async () => {
    const tokens = new TokenService(DEMO_CREDENTIALS, createClock(Date.now()));
    await tokens.init();
    const token = (await tokens.issue('CustomerBearer', pair.accessKey, pair.secretKey)).accessToken;
    await tokens.verify(header(token), 'CustomerBearer');
    const forged = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expect(settled(() => tokens.verify(header(forged), 'CustomerBearer'))).rejects.toMatchObject({ status: 401 });
    // The scope is still checked on a cached token.
    await expect(settled(() => tokens.verify(header(token), 'ManagementBearer'))).rejects.toMatchObject({
      status: 403,
    });
  });

  it('answers a token it verified before without a promise, and gives every use the same caller', async () => {
    const tokens = new TokenService(DEMO_CREDENTIALS, createClock(Date.now()));
    await tokens.init();
    const token = (await tokens.issue('CustomerBearer', pair.accessKey, pair.secretKey)).accessToken;
    const first = tokens.verify(header(token), 'CustomerBearer');
    expect(first).toBeInstanceOf(Promise);
    const caller = await first;
    const again = tokens.verify(header(token), 'CustomerBearer');
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toBe(caller);
    expect(Object.isFrozen(caller)).toBe(true);
    expect(caller).toEqual({
      scheme: 'CustomerBearer',
      accessKey: pair.accessKey,
      merchantId: pair.merchantId,
      appId: pair.appId,
    });
  });

  it('reads each header for itself, whatever header came before', async () => {
    const tokens = new TokenService(DEMO_CREDENTIALS, createClock(Date.now()));
    await tokens.init();
    const management = DEMO_CREDENTIALS.ManagementBearer[0]!;
    const customer = (await tokens.issue('CustomerBearer', pair.accessKey, pair.secretKey)).accessToken;
    const other = (await tokens.issue('ManagementBearer', management.accessKey, management.secretKey)).accessToken;
    for (let round = 0; round < 2; round++) {
      await expect(settled(() => tokens.verify(header(customer), 'CustomerBearer'))).resolves.toMatchObject({
        accessKey: pair.accessKey,
      });
      await expect(settled(() => tokens.verify(header(other), 'CustomerBearer'))).rejects.toMatchObject({
        status: 403,
      });
      await expect(settled(() => tokens.verify(`bearer ${customer}`, 'CustomerBearer'))).resolves.toMatchObject({
        accessKey: pair.accessKey,
      });
      await expect(settled(() => tokens.verify(`Bearer ${customer} extra`, 'CustomerBearer'))).rejects.toMatchObject({
        status: 401,
        message: /malformed/,
      });
    }
  });

  it('keeps at most its size, dropping the oldest', async () => {
    const clock = createClock(Date.now());
    const tokens = new TokenService(DEMO_CREDENTIALS, clock, 3600, 3);
    await tokens.init();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await tokens.verify(
        header((await tokens.issue('CustomerBearer', pair.accessKey, pair.secretKey)).accessToken),
        'CustomerBearer',
      );
    }
    expect(tokens.verifiedCount).toBe(3);
  });
});
