// The webhooks' verification samples, for real: the shell sample's signing command with sh and
// openssl against each event's example gives node's HMAC; the whole sample sends a test delivery
// to a receiver here and verifies an event; the TypeScript handler (type-checked with the other
// samples in code-samples.test.ts) answers a signed event, ignores its resend and refuses a forgery.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pointerGet } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { addCodeSamples } from '../scripts/code-samples.mjs';
import { samplesMarkdown } from '../scripts/webhook-samples.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
const samples = addCodeSamples(spec);
const SECRET = 'sandbox-customer-secret';
const hmac = (body: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

const available = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const hasOpenssl = available('openssl');
const hasCurl = available('curl');
if (!hasOpenssl) console.warn('webhook-samples: openssl is not installed, so the shell samples are not run');
if (!hasCurl) console.warn('webhook-samples: curl is not installed, so the test deliveries are not sent');

// The client's verifier, if the client has it yet: the handler runs on it.
const client: Record<string, unknown> = await import('@klavi-pay/client');
const hasVerifier = typeof client.verifyKlaviEvent === 'function';
if (!hasVerifier)
  console.warn('webhook-samples: @klavi-pay/client has no verifyKlaviEvent yet: the handler is not run');

const cases = MODEL.webhooks.map((webhook) => {
  const [shell, typescript] = samples[webhook.operationId]!;
  return {
    webhook,
    shell: shell!.source,
    typescript: typescript!.source,
    example: pointerGet(spec, webhook.requestExamplePointer!),
  };
});

const work = mkdtempSync(join(tmpdir(), 'klavi-webhook-samples-'));
// The handlers are written under the app, where @klavi-pay/client resolves.
const handlers = join(appDir, 'test-results', 'webhook-handlers');
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(handlers, { recursive: true, force: true });
});

/**
 * Runs `script` with sh in a fresh folder; `event.json` there afterwards is what the script wrote.
 * Asynchronously: the receiver the script sends to answers from this process's event loop.
 */
function sh(script: string, env: Record<string, string>) {
  const cwd = mkdtempSync(join(work, 'run-'));
  const child = spawn('sh', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise<{ status: number | null; stdout: string; stderr: string; cwd: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, cwd }));
  });
}

/** A receiver that records every request and answers 204. */
async function receiver() {
  const received: Array<{ method: string; headers: IncomingHttpHeaders; body: Buffer }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/klavi/events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(cases)('$webhook.operationId', ({ webhook, shell, typescript, example }) => {
  const [signatureHeader, timestampHeader] = ['signature', 'timestamp'].map(
    (part) => webhook.headers.find((h) => h.name.toLowerCase().includes(part))!.name,
  );

  it('samples are built from the model: its event, headers and example', () => {
    expect(signatureHeader).toBe('X-Klavi-Signature');
    expect(timestampHeader).toBe('X-Klavi-Timestamp');
    expect(shell).toContain(`openssl dgst -sha256 -hmac "$KLAVI_SECRET_KEY"`);
    expect(shell).toContain(`-H "${signatureHeader}: $(klavi_sign event.json)"`);
    expect(shell).toContain(`-H "${timestampHeader}: $(date +%s)"`);
    expect(shell).toContain(`"eventName": "${webhook.eventName}"`);
    const written = /<<'EVENT'\n([\s\S]*?)\nEVENT\n/.exec(shell)?.[1];
    expect(JSON.parse(written!)).toEqual(example);
    expect(typescript).toContain("import { KlaviEventVerificationError, verifyKlaviEvent } from '@klavi-pay/client';");
    expect(typescript).toContain('const rawBody = await request.text();');
    expect(typescript.indexOf('await request.text()')).toBeLessThan(typescript.indexOf('verifyKlaviEvent(rawBody'));
    expect(typescript).toContain(`event.eventName === '${webhook.eventName}'`);
    // Shown on the page too, where the renderer shows only the payload in the sample panel.
    const operation = pointerGet(spec, webhook.pointer) as { description: string };
    expect(operation.description.endsWith(`${samplesMarkdown(samples[webhook.operationId]!)}\n`)).toBe(true);
  });

  it.skipIf(!hasOpenssl)("the signing command gives node's HMAC of the example body", () => {
    const signing = /^klavi_sign\(\) \{.*\}$/m.exec(shell)?.[0];
    expect(signing).toContain('openssl dgst -sha256 -hmac "$KLAVI_SECRET_KEY"');
    // The body exactly as the sample writes it: the example, two-space JSON, and the heredoc's newline.
    const body = `${JSON.stringify(example, null, 2)}\n`;
    const dir = mkdtempSync(join(work, 'sign-'));
    writeFileSync(join(dir, 'event.json'), body);
    const signed = execFileSync('sh', ['-c', `${signing}\nklavi_sign event.json`], {
      cwd: dir,
      env: { PATH: process.env.PATH, KLAVI_SECRET_KEY: SECRET },
      encoding: 'utf8',
    }).trim();
    expect(signed).toMatch(/^[0-9a-f]{64}$/);
    expect(signed).toBe(hmac(body));
    expect(signed).not.toBe(hmac(body, 'another-secret'));
  });

  it.skipIf(!hasOpenssl || !hasCurl)(
    'the whole sample sends a signed test delivery, and verifies an event',
    async () => {
      const endpoint = await receiver();
      try {
        const before = Math.floor(Date.now() / 1000);
        const body = `${JSON.stringify(example, null, 2)}\n`;
        const env = {
          KLAVI_SECRET_KEY: SECRET,
          KLAVI_WEBHOOK_URL: endpoint.url,
          X_KLAVI_SIGNATURE: hmac(body),
          X_KLAVI_TIMESTAMP: String(before),
        };
        const run = await sh(shell, env);
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe('your endpoint answered 204 (a 2xx acknowledges)\nverified\n');
        expect(run.status).toBe(0);
        expect(readFileSync(join(run.cwd, 'event.json'), 'utf8')).toBe(body);

        // What the endpoint got: the body, signed with the secret, and the time it was sent.
        expect(endpoint.received).toHaveLength(1);
        const [delivery] = endpoint.received;
        expect(delivery!.method).toBe('POST');
        expect(delivery!.headers['content-type']).toBe('application/json');
        expect(delivery!.body.toString('utf8')).toBe(body);
        expect(delivery!.headers[signatureHeader!.toLowerCase()]).toBe(hmac(delivery!.body));
        const sent = Number(delivery!.headers[timestampHeader!.toLowerCase()]);
        expect(sent).toBeGreaterThanOrEqual(before);
        expect(sent).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
        if (hasVerifier) {
          const verify = client.verifyKlaviEvent as (
            body: string,
            headers: IncomingHttpHeaders,
            secret: string,
          ) => Promise<{ eventId: string }>;
          await expect(verify(delivery!.body.toString('utf8'), delivery!.headers, SECRET)).resolves.toMatchObject({
            eventId: (example as { eventId: string }).eventId,
          });
        }

        // Refused: a signature of another body, or of another key, and a stale timestamp.
        const forged = await sh(shell, { ...env, X_KLAVI_SIGNATURE: hmac(body, 'another-secret') });
        expect(forged.status).toBe(1);
        expect(forged.stdout).not.toContain('verified');
        expect(forged.stderr).toContain('refused: the signature does not match the body');
        const stale = await sh(shell, { ...env, X_KLAVI_TIMESTAMP: String(before - 3600) });
        expect(stale.status).toBe(1);
        expect(stale.stderr).toContain('refused: the timestamp is more than 300 s from now');
        // Without the headers it says which one is missing.
        const { X_KLAVI_SIGNATURE: _, ...unsigned } = env;
        const missing = await sh(shell, unsigned);
        expect(missing.status).not.toBe(0);
        expect(missing.stderr).toContain('the X-Klavi-Signature header');
      } finally {
        await endpoint.close();
      }
    },
    30_000,
  );

  it.skipIf(!hasVerifier)(
    'the TypeScript handler acknowledges a signed event once, ignores its resend, and refuses a forgery',
    async () => {
      mkdirSync(handlers, { recursive: true });
      const file = join(handlers, `${webhook.operationId}.ts`);
      writeFileSync(file, typescript);
      const { handleKlaviEvent } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
        handleKlaviEvent: (request: Request) => Promise<Response>;
      };
      const previous = process.env.KLAVI_SECRET_KEY;
      process.env.KLAVI_SECRET_KEY = SECRET;
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        const body = JSON.stringify(example);
        const post = (signature: string, timestamp = Math.floor(Date.now() / 1000)) =>
          handleKlaviEvent(
            new Request('http://127.0.0.1/klavi/events', {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                [signatureHeader!]: signature,
                [timestampHeader!]: String(timestamp),
              },
              body,
            }),
          );
        const first = await post(hmac(body));
        expect(first.status).toBe(204);
        const data = (example as { data: { id: string; status: string } }).data;
        expect(log.mock.calls).toEqual([[`${webhook.eventName}: ${data.id} is ${data.status}`]]);
        // A resend (same eventId, a new timestamp): acknowledged, not processed again.
        const resend = await post(hmac(body), Math.floor(Date.now() / 1000) + 1);
        expect(resend.status).toBe(204);
        expect(log).toHaveBeenCalledTimes(1);
        const forged = await post(hmac(body, 'another-secret'));
        expect(forged.status).toBe(400);
        await expect(forged.text()).resolves.toBe('bad-signature');
        const stale = await post(hmac(body), Math.floor(Date.now() / 1000) - 3600);
        expect(stale.status).toBe(400);
        await expect(stale.text()).resolves.toBe('stale-timestamp');
        expect(log).toHaveBeenCalledTimes(1);
      } finally {
        log.mockRestore();
        if (previous === undefined) delete process.env.KLAVI_SECRET_KEY;
        else process.env.KLAVI_SECRET_KEY = previous;
      }
    },
  );
});
