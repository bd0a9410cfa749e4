// CORS: pages served from this machine (a dev server, the API reference's console) may call the
// sandbox from a browser; pages from anywhere else get no CORS headers, so a browser blocks them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, instantBody, type Booted } from './support/harness.js';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());

const CREATE = '/payment/customer/v1/instant/payments';
const preflight = (origin: string, headers = 'authorization, content-type') =>
  t.raw(CREATE, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });

describe('CORS', () => {
  it.each(['http://localhost:5173', 'http://127.0.0.1:8080', 'https://localhost', 'http://[::1]:3000'])(
    'answers the preflight of %s',
    async (origin) => {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'authorization, content-type, x-request-id, prefer',
      );
      expect(response.headers.get('vary')).toContain('Origin');
    },
  );

  it('lets a local page read the answer and its request id', async () => {
    const token = await t.token();
    const response = await t.raw(CREATE, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(instantBody()),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id, retry-after, preference-applied');
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'null'])(
    'gives %s no CORS headers',
    async (origin) => {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const read = await t.raw('/__sandbox/clock', { headers: { origin } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('answers an OPTIONS that is not a preflight as the API answers a method it does not take', async () => {
    const response = await t.raw(CREATE, { method: 'OPTIONS' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'OPTIONS is not allowed on /payment/customer/v1/instant/payments; allowed: POST',
    });
    expect((await t.raw('/nowhere', { method: 'OPTIONS' })).status).toBe(404);
  });
});
