// With a bound, the store keeps at most about that many records: the oldest terminal ones go, a
// batch at a time; records that can still change stay, whatever the bound.
import { afterEach, describe, expect, it } from 'vitest';
import { boot, instantBody, type Booted } from './support/harness.js';

let t: Booted | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const CREATE = '/payment/customer/v1/instant/payments';

async function create(booted: Booted, token: string): Promise<string> {
  const response = await booted.raw(CREATE, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(instantBody()),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

const statusOf = async (booted: Booted, token: string, id: string) =>
  (await booted.raw(`${CREATE}/${id}/status`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('maxRecords', () => {
  it('evicts the oldest terminal records, down to 90% of the bound, and keeps the newest', async () => {
    t = await boot({ maxRecords: 10, tokenLifetimeS: 86_400 });
    const token = await t.token();
    const old: string[] = [];
    for (let i = 0; i < 10; i++) old.push(await create(t, token));
    // Unanswered for 60 minutes, every one of them is CONSENT_REJECTED: terminal.
    t.sandbox.clock.advance(61 * 60_000);
    const fresh = await create(t, token);
    expect(t.sandbox.state.count('instant')).toBe(9);
    expect(await statusOf(t, token, old[0]!)).toBe(404);
    expect(await statusOf(t, token, old[1]!)).toBe(404);
    expect(await statusOf(t, token, old[2]!)).toBe(200);
    expect(await statusOf(t, token, fresh)).toBe(200);
    // The Management list agrees with the store.
    const management = await t.token('management');
    const list = await t.raw(`/payment/management/v1/merchants/${t.sandbox.state.apps[0]!.appId}/orders?pageSize=200`, {
      headers: { authorization: `Bearer ${management}` },
    });
    const ids = ((await list.json()) as { data: Array<{ id: string }> }).data.map((o) => o.id);
    expect(ids).toHaveLength(9);
    expect(ids).not.toContain(old[0]);
    expect(ids[0]).toBe(fresh);
  });

  it('never evicts what can still change', async () => {
    t = await boot({ maxRecords: 5 });
    const token = await t.token();
    for (let i = 0; i < 12; i++) await create(t, token);
    expect(t.sandbox.state.count('instant')).toBe(12);
  });

  it('keeps everything without a bound', async () => {
    t = await boot({ tokenLifetimeS: 86_400 });
    const token = await t.token();
    for (let i = 0; i < 12; i++) await create(t, token);
    t.sandbox.clock.advance(61 * 60_000);
    await create(t, token);
    expect(t.sandbox.state.count('instant')).toBe(13);
  });

  it('refuses a bound that is not a positive integer', async () => {
    await expect(boot({ maxRecords: 0 })).rejects.toThrow(/maxRecords must be a positive integer, got 0/);
  });
});
