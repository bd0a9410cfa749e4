// The payment-event verification programs of the languages beyond shell and TypeScript, run as a
// merchant would: every webhook's example event, signed as Klavi signs it, is verified; and each
// language's program refuses an altered body, a stale timestamp and a signature of the wrong
// length. The runtimes are setup's, as for the operations' samples.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pointerGet } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSamples } from '../scripts/webhook-samples.mjs';
import { VERIFY_LANGUAGES } from '../scripts/samples/webhook-verify.mjs';
import { RUNNERS } from './support/sample-runners.js';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
const SECRET = 'an application secretKey';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'klavi-verify-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Delivery {
  body: string;
  signature: string;
  timestamp: number;
}

const signed = (body: string, at = Math.floor(Date.now() / 1000)): Delivery => ({
  body,
  signature: createHmac('sha256', SECRET).update(body).digest('hex'),
  timestamp: at,
});

/** Runs `source` on `delivery`; the exit code and what it printed. */
async function verifyWith(label: string, source: string, delivery: Delivery, name: string) {
  const dir = join(work, `${label.replace(/\W+/g, '-')}-${name}`);
  mkdirSync(dir, { recursive: true });
  const [command, args] = await RUNNERS[label]!.prepare(dir, source, 'http://127.0.0.1:9');
  writeFileSync(join(dir, 'event.json'), delivery.body);
  try {
    const { stdout } = await exec(command, args, {
      cwd: dir,
      env: {
        ...process.env,
        KLAVI_SECRET_KEY: SECRET,
        X_KLAVI_SIGNATURE: delivery.signature,
        X_KLAVI_TIMESTAMP: String(delivery.timestamp),
      },
      timeout: 60_000,
    });
    return { code: 0, output: stdout.trim() };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe.each(VERIFY_LANGUAGES.map((l) => [l.label] as const))('verifying a payment event in %s', (label) => {
  it.each(MODEL.webhooks.map((w) => [w.operationId, w] as const))(
    'verifies %s signed as Klavi signs it',
    async (_, webhook) => {
      const source = webhookSamples(spec, webhook).find((s) => s.label === label)!.source;
      const example = pointerGet(spec, webhook.requestExamplePointer!) as { eventId: string; eventName: string };
      const result = await verifyWith(label, source, signed(JSON.stringify(example)), webhook.operationId);
      expect(result, result.output).toMatchObject({ code: 0 });
      expect(result.output).toBe(`verified ${example.eventName} ${example.eventId}`);
    },
    120_000,
  );

  it('refuses an altered body, a stale timestamp and a signature of the wrong length', async () => {
    const webhook = MODEL.webhooks[0]!;
    const source = webhookSamples(spec, webhook).find((s) => s.label === label)!.source;
    const body = JSON.stringify(pointerGet(spec, webhook.requestExamplePointer!));
    const good = signed(body);
    const altered = { ...good, body: body.replace('"status":"', '"status":"X') };
    expect(altered.body).not.toBe(body);
    const stale = signed(body, Math.floor(Date.now() / 1000) - 301);
    const short = { ...good, signature: good.signature.slice(0, 10) };
    for (const [name, delivery] of Object.entries({ altered, stale, short })) {
      const result = await verifyWith(label, source, delivery, `refuse-${name}`);
      expect(result.code, `${label} accepted the ${name} delivery: ${result.output}`).not.toBe(0);
      expect(result.output).not.toContain('verified');
    }
  }, 180_000);
});
