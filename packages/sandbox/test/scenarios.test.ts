// The scenario table is one piece of data: it drives what the sandbox does (each row is played
// here and must do what it says), it is served with a JSON Schema, and the README's table is
// rendered from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_PREFIX, SCENARIOS, scenariosDocument, scenariosMarkdown } from '../src/index.js';
import { boot, decide, instantBody, type Booted } from './support/harness.js';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());

const statusesOf = (steps: ReadonlyArray<string | { status: string }>) =>
  steps.map((s) => (typeof s === 'string' ? s : s.status));

describe('GET /__sandbox/scenarios', () => {
  it('serves the table, valid against the JSON Schema it also serves', async () => {
    const served = await (await t.raw(`${CONTROL_PREFIX}/scenarios`)).json();
    const schemaResponse = await t.raw(`${CONTROL_PREFIX}/scenarios.schema.json`);
    expect(schemaResponse.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    const validate = new Ajv2020({ allErrors: true }).compile(await schemaResponse.json());
    expect(validate(served), JSON.stringify(validate.errors)).toBe(true);
    expect(served).toEqual(JSON.parse(JSON.stringify(scenariosDocument())));
    expect((served as { scenarios: unknown[] }).scenarios).toHaveLength(SCENARIOS.length);
    // The schema can fail: a row without its cents is refused.
    const broken = structuredClone(served) as { scenarios: Array<Record<string, unknown>> };
    delete broken.scenarios[1]!.cents;
    expect(validate(broken)).toBe(false);
  });

  it('gives every amount scenario distinct cents', () => {
    const cents = SCENARIOS.flatMap((s) => s.cents.map((c) => `${s.field} ${c}`));
    expect(new Set(cents).size).toBe(cents.length);
  });
});

describe('the README', () => {
  it('shows the table rendered from the data (run `pnpm --filter @klavi-pay/sandbox readme` to refresh it)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const table = /<!-- scenarios:start -->\n([\s\S]*?)\n<!-- scenarios:end -->/.exec(readme)?.[1];
    expect(table).toBe(scenariosMarkdown());
  });
});

describe('each instant scenario does what its row says', () => {
  const rows = SCENARIOS.filter((s) => s.instant && s.field === 'amount');
  it.each(rows.map((s) => [s.id, s]))('%s', async (_, scenario) => {
    const amount = `10${scenario.cents[0] ?? '.00'}`;
    const { data } = await t.client.POST('/payment/customer/v1/instant/payments', {
      body: instantBody({ amount }) as never,
      throwOnError: true,
    });
    await decide(t.sandbox, data.consentRedirectURL!, 'approve');
    t.sandbox.clock.advance(2 * 24 * 3600 * 1000);
    // Read through the query API, which brings it up to date with the clock.
    const record = t.sandbox.state.instantPayment(data.id)!;
    expect(record.life.history).toEqual(['CONSENT_AWAITING_AUTHORIZATION', ...statusesOf(scenario.instant!.steps)]);
  });
});

describe('each refusal does what its row says', () => {
  const rows = SCENARIOS.filter((s) => s.refusal?.creates.includes('instant'));
  it.each(rows.map((s) => [s.id, s]))('%s', async (_, scenario) => {
    const refusal = scenario.refusal!;
    const body = instantBody(
      { amount: `10${scenario.cents[0]}` },
      refusal.initType === 'PIX_QRCODE' ? 'InstantPaymentPixQrCodeRequest' : undefined,
    );
    const send = () =>
      t.raw('/payment/customer/v1/instant/payments', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const token = await t.token();
    const first = await send();
    expect(first.status).toBe(refusal.status);
    const error = (await first.json()) as { statusCode: number };
    expect(error.statusCode).toBe(refusal.businessCode ?? refusal.status);
    if (refusal.retryAfterSeconds !== undefined)
      expect(first.headers.get('retry-after')).toBe(String(refusal.retryAfterSeconds));
    expect((await send()).status).toBe(refusal.firstAttemptOnly ? 200 : refusal.status);
  });
});
