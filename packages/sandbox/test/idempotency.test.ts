import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, example, instantBody, key, type Booted } from './support/harness.js';

let t: Booted;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await boot();
  headers = { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' };
});
afterAll(() => t.stop());

const CREATE = '/payment/customer/v1/instant/payments';
const post = (path: string, body: unknown) => t.raw(path, { method: 'POST', headers, body: JSON.stringify(body) });

describe('clientRequestId', () => {
  it('a second create with the same clientRequestId gets 409', async () => {
    const body = instantBody();
    expect((await post(CREATE, body)).status).toBe(200);
    const again = await post(CREATE, { ...body, amount: '99.00' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `clientRequestId ${body.clientRequestId} has already been used`,
    });
  });

  it('50 concurrent creates with the same clientRequestId create exactly one payment', async () => {
    const body = instantBody();
    const before = t.sandbox.state.count('instant');
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(CREATE, body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(t.sandbox.state.count('instant')).toBe(before + 1);
    const created = [...t.sandbox.state.records('instant')].filter(
      (p) => p.request.clientRequestId === body.clientRequestId,
    );
    expect(created).toHaveLength(1);
  });

  it('a refused create does not use up its clientRequestId', async () => {
    const body = instantBody({ amount: '1.22' });
    expect((await post(CREATE, body)).status).toBe(422);
    expect((await post(CREATE, { ...body, amount: '1.00' })).status).toBe(200);
  });

  it('consents have their own clientRequestIds, also guarded', async () => {
    const consent = { ...example('AutomaticConsentRequest'), clientRequestId: key('consent') };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post('/payment/customer/v1/automatic/consents', consent)),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('the client replays a create without charging twice', async () => {
    const body = instantBody();
    const first = await t.client.POST(CREATE, { body: body as never });
    expect(first.response.status).toBe(200);
    const second = await t.client.POST(CREATE, { body: body as never });
    expect(second.error?.status).toBe(409);
  });
});
