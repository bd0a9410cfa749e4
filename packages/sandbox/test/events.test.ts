// Payment events: with a webhook URL, every status change of a payment is POSTed to it as a signed
// event, in order, with no read of the payment after the approval; deliveries are retried as Klavi
// documents, logged, resent and triggered on demand. Each event is verified as Klavi's guide shows,
// with createHmac('sha256', secretKey) over the raw body.
import { createHmac } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type StartSandboxOptions } from '../src/index.js';
import { CUSTOMER, decide, instantBody, START } from './support/harness.js';

interface Received {
  raw: string;
  headers: IncomingMessage['headers'];
  path: string;
}

/** A webhook receiver: keeps every delivery, and answers with `answer(n)` for the n-th (1-based). */
async function receiver(answer: (n: number, path: string) => number | 'hang' | { redirect: string } = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ raw: Buffer.concat(chunks).toString('utf8'), headers: request.headers, path: request.url ?? '' });
      const outcome = answer(received.length, request.url ?? '');
      if (outcome === 'hang') return;
      if (typeof outcome === 'object') return void response.writeHead(307, { location: outcome.redirect }).end();
      response.writeHead(outcome).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/klavi/events`;
  return {
    url,
    received,
    events: () => received.map((r) => JSON.parse(r.raw)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await thing.close();
});

async function start(options: StartSandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0, quiet: true, seed: 5, ...options });
  running.push({
    close: async () => {
      await sandbox.close();
      expect(sandbox.violations, 'events or answers the spec does not allow').toEqual([]);
    },
  });
  return sandbox;
}

async function token(sandbox: Sandbox): Promise<string> {
  const response = await fetch(`${sandbox.url}/payment/customer/v1/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function createPayment(sandbox: Sandbox, body = instantBody()) {
  const response = await fetch(`${sandbox.url}/payment/customer/v1/instant/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(sandbox)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; consentRedirectURL: string };
}

/** As Klavi's guide: the hex SHA-256 HMAC of the body, keyed with the partner's secretKey. */
const expectedSignature = (raw: string) => createHmac('sha256', CUSTOMER.secretKey!).update(raw).digest('hex');

describe('payment events', () => {
  it('are POSTed for every status change, in order, signed, without a read after the approval', async () => {
    const hook = await receiver();
    running.push(hook);
    const sandbox = await start({ clock: START, webhookUrl: hook.url });
    const created = await createPayment(sandbox);
    await decide(sandbox, created.consentRedirectURL, 'approve');
    // Only the clock moves (as POST /__sandbox/clock/advance does); nothing reads the payment.
    for (let i = 0; i < 10; i++) sandbox.clock.advance(1000);
    await expect.poll(() => hook.events().at(-1)?.data.status, { timeout: 10_000 }).toBe('PAYMENT_COMPLETED');

    const events = hook.events();
    for (const [i, delivery] of hook.received.entries()) {
      expect(delivery.headers['x-klavi-signature'], `event ${i}`).toBe(expectedSignature(delivery.raw));
      expect(delivery.headers['x-klavi-timestamp']).toMatch(/^\d{10}$/);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events.map((e) => e.eventName)).toEqual(events.map(() => 'instant_payment.status_changed'));
    expect(events.every((e) => e.partnerAppId === CUSTOMER.appId && e.data.id === created.id)).toBe(true);
    // Every status the payment had, each once, in the order it had them.
    const history = sandbox
      .events!.list()
      .filter((e) => e.data.id === created.id)
      .map((e) => e.data.status);
    expect(events.map((e) => e.data.status)).toEqual(history);
    expect(history[0]).toBe('CONSENT_AWAITING_AUTHORIZATION');
    expect(history).toContain('CONSENT_AUTHORIZED');
    expect(history.at(-1)).toBe('PAYMENT_COMPLETED');
    // And it is the payment's own history, read only now.
    expect(sandbox.state.instantPayment(created.id)!.life.history).toEqual(history);
  });

  it('are sent by klavi-sandbox --webhook-url, with the clock moved through the control API only', async () => {
    const hook = await receiver();
    running.push(hook);
    const bin = join(import.meta.dirname, '..', 'bin', 'klavi-sandbox.js');
    const child = spawn(process.execPath, [
      bin,
      '--port',
      '0',
      '--quiet',
      '--clock',
      '2026-11-21T12:00:00Z',
      '--webhook-url',
      hook.url,
    ]);
    running.push({ close: async () => void (child.exitCode === null && child.kill('SIGTERM')) });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    await expect.poll(() => /listening on (http:\S+)/.exec(output)?.[1], { timeout: 10_000 }).toBeDefined();
    const url = /listening on (http:\S+)/.exec(output)![1]!;
    expect(output).toContain(`Payment events:         ${hook.url}`);
    const asSandbox = { url } as Sandbox;
    const created = await createPayment(asSandbox);
    await decide(asSandbox, created.consentRedirectURL, 'approve');
    await fetch(`${url}/__sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 30 }),
    });
    await expect.poll(() => hook.events().at(-1)?.data.status, { timeout: 10_000 }).toBe('PAYMENT_COMPLETED');
    for (const delivery of hook.received)
      expect(delivery.headers['x-klavi-signature']).toBe(expectedSignature(delivery.raw));
  });

  it('settle on their own on the system clock: a payment nobody reads still completes, and says so', async () => {
    const hook = await receiver();
    running.push(hook);
    const sandbox = await start({ clock: 'system', webhookUrl: hook.url });
    const created = await createPayment(sandbox);
    await decide(sandbox, created.consentRedirectURL, 'approve');
    await expect
      .poll(() => hook.events().at(-1)?.data.status, { timeout: 15_000, interval: 50 })
      .toBe('PAYMENT_COMPLETED');
  }, 20_000);

  it('are resent after a failure: a receiver that answers 500 three times gets the event on the fourth attempt', async () => {
    const hook = await receiver((n) => (n <= 3 ? 500 : 200));
    running.push(hook);
    const sandbox = await start({ clock: START, webhookUrl: hook.url });
    await createPayment(sandbox);
    await expect.poll(() => sandbox.events!.deliveries().at(-1)?.outcome, { timeout: 10_000 }).toBe('acknowledged');
    const attempts = sandbox.events!.deliveries();
    expect(attempts.map((a) => [a.attempt, a.status, a.outcome, a.nextDelayMs])).toEqual([
      [1, 500, 'retrying', 250],
      [2, 500, 'retrying', 500],
      [3, 500, 'retrying', 1000],
      [4, 200, 'acknowledged', undefined],
    ]);
    // The same event each time, with the same eventId and body.
    expect(new Set(hook.received.map((r) => r.raw)).size).toBe(1);
  });

  it('give up after five resends, and never hold up the answer that caused them', async () => {
    const hook = await receiver(() => 'hang');
    running.push(hook);
    const sandbox = await start({
      clock: START,
      webhookUrl: hook.url,
      webhookPolicy: { timeoutMs: 100, baseDelayMs: 1 },
    });
    // Answered while the receiver hangs on the event this create made.
    await createPayment(sandbox);
    await expect.poll(() => sandbox.events!.deliveries().at(-1)?.outcome, { timeout: 10_000 }).toBe('failed');
    const attempts = sandbox.events!.deliveries();
    expect(attempts).toHaveLength(6);
    expect(attempts.every((a) => a.status === null && a.error === 'no answer within 100 ms')).toBe(true);
  });

  it('follow up to three redirects, and no more', async () => {
    let hops = 0;
    const hook = await receiver((_, path) =>
      path.endsWith('/final') ? 200 : { redirect: `/hop${++hops}${hops >= 3 ? '/final' : ''}` },
    );
    running.push(hook);
    const sandbox = await start({ clock: START, webhookUrl: hook.url });
    await createPayment(sandbox);
    await expect.poll(() => sandbox.events!.deliveries().at(-1)?.outcome, { timeout: 10_000 }).toBe('acknowledged');
    expect(hook.received.map((r) => r.path)).toEqual(['/klavi/events', '/hop1', '/hop2', '/hop3/final']);
    // Each hop is signed as the first.
    for (const r of hook.received) expect(r.headers['x-klavi-signature']).toBe(expectedSignature(r.raw));

    const loop = await receiver(() => ({ redirect: '/again' }));
    running.push(loop);
    const looped = await start({ clock: START, webhookUrl: loop.url, webhookPolicy: { retries: 0 } });
    await createPayment(looped);
    await expect.poll(() => looped.events!.deliveries().at(-1)?.outcome, { timeout: 10_000 }).toBe('failed');
    expect(looped.events!.deliveries()[0]).toMatchObject({ status: 307, error: 'more than 3 redirects' });
  });

  it('are listed, resent and triggered through /__sandbox/webhooks', async () => {
    const hook = await receiver();
    running.push(hook);
    const sandbox = await start({ clock: START, webhookUrl: hook.url });
    const created = await createPayment(sandbox);
    await expect.poll(() => hook.received.length).toBe(1);
    const listed = (await (
      await fetch(`${sandbox.url}/__sandbox/webhooks/events?resourceId=${created.id}`)
    ).json()) as {
      events: Array<{ event: { eventId: string }; delivered: boolean }>;
    };
    expect(listed.events).toHaveLength(1);
    expect(listed.events[0]!.delivered).toBe(true);

    const resent = await fetch(`${sandbox.url}/__sandbox/webhooks/events/${listed.events[0]!.event.eventId}/resend`, {
      method: 'POST',
    });
    expect(resent.status).toBe(202);
    await expect.poll(() => hook.received.length).toBe(2);
    expect(hook.received[1]!.raw).toBe(hook.received[0]!.raw);

    const post = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/webhooks/trigger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const triggered = await post({
      eventName: 'instant_payment.status_changed',
      id: created.id,
      data: { status: 'PAYMENT_REJECTED' },
    });
    expect(triggered.status).toBe(202);
    await expect.poll(() => hook.events().at(-1)?.data.status).toBe('PAYMENT_REJECTED');
    expect(hook.events().at(-1)!.data.id).toBe(created.id);
    // A trigger sends an event; it does not move the payment.
    expect(sandbox.state.instantPayment(created.id)!.life.status).toBe('CONSENT_AWAITING_AUTHORIZATION');

    const fromExample = await post({ eventName: 'automatic_payment.status_changed' });
    expect(fromExample.status).toBe(202);
    await expect.poll(() => hook.events().at(-1)?.eventName).toBe('automatic_payment.status_changed');

    const unknown = await post({ eventName: 'payment.refunded' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toBe(
      'body.eventName must be one of instant_payment.status_changed, automatic_consent.status_changed, automatic_payment.status_changed',
    );
    const invalid = await post({
      eventName: 'instant_payment.status_changed',
      id: created.id,
      data: { status: 'DONE' },
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(/event\.data\.status/);
    const missing = await post({ eventName: 'automatic_consent.status_changed', id: 'urn:x:nope' });
    expect(missing.status).toBe(404);
  });

  it('still owed at a stop are kept in the data file, and delivered after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klavi-events-'));
    running.push({ close: async () => rmSync(dir, { recursive: true, force: true }) });
    const data = join(dir, 'sandbox.mdb');
    const down = await receiver(() => 503);
    running.push(down);
    const first = await startSandbox({ port: 0, quiet: true, seed: 5, clock: START, data, webhookUrl: down.url });
    const created = await createPayment(first);
    await expect.poll(() => first.events!.deliveries().length).toBeGreaterThan(0);
    const [owed] = first.events!.list();
    await first.close();

    const up = await receiver();
    running.push(up);
    const second = await start({ data, webhookUrl: up.url });
    await expect.poll(() => up.events().map((e) => e.eventId)).toEqual([owed!.eventId]);
    expect(up.events()[0]!.data.id).toBe(created.id);
    await expect.poll(() => second.events!.deliveries().at(-1)?.outcome).toBe('acknowledged');
    // Closed here, before the third start on the same file: its closer (the last registered) goes.
    running.pop();
    await second.close();

    // Acknowledged: not owed again.
    const third = await start({ data, webhookUrl: up.url });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(third.events!.list()).toEqual([]);
    expect(up.received).toHaveLength(1);
  });

  it('are not announced again after a restart: the moves the background made are in the data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klavi-events-'));
    running.push({ close: async () => rmSync(dir, { recursive: true, force: true }) });
    const data = join(dir, 'sandbox.mdb');
    const hook = await receiver();
    running.push(hook);
    const first = await startSandbox({ port: 0, quiet: true, seed: 5, clock: START, data, webhookUrl: hook.url });
    const created = await createPayment(first);
    await decide(first, created.consentRedirectURL, 'approve');
    first.clock.advance(30_000);
    await expect.poll(() => hook.events().at(-1)?.data.status, { timeout: 10_000 }).toBe('PAYMENT_COMPLETED');
    const announced = hook.received.length;
    await first.close();

    const second = await start({ data, webhookUrl: hook.url });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.events!.list()).toEqual([]);
    expect(hook.received).toHaveLength(announced);
  });

  it('are off without a webhook URL: nothing listens, and the control API says how to turn them on', async () => {
    const sandbox = await start({ clock: START });
    expect(sandbox.events).toBeUndefined();
    const response = await fetch(`${sandbox.url}/__sandbox/webhooks/events`);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { message: string }).message).toMatch(/--webhook-url URL/);
  });

  it('refuse a webhook URL that is not http(s), naming it', async () => {
    await expect(startSandbox({ port: 0, quiet: true, webhookUrl: 'ftp://x' })).rejects.toThrow(
      'webhookUrl must be an absolute http or https URL without credentials or fragment, got "ftp://x"',
    );
  });
});
