// The "Try it" console in Chromium, against a real sandbox in this process: from an operation's
// page a reader sends its documented example, the token is fetched with the demo keys, the bank
// page opens and approves, and the status is followed to PAYMENT_COMPLETED; then the Management
// API lists the payment. With a sandbox that sends payment events to a receiver here, the console
// lists the events the payment caused, in order, and whether each was delivered; with events off it
// says how to turn them on. A server's answer is shown as text, never as markup.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CREDENTIALS, startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs, type DocsServer } from '../scripts/serve.mjs';
import { launchChromium } from './support/chromium.js';
import { brasiliaDate } from './support/sample-fixtures.js';

const outputDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
let docs: DocsServer;
let sandbox: Sandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  docs = await serveDocs({ port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('request', (request) => {
    if (request.url().includes('/__sandbox/webhooks/events')) eventReads.push(request.url());
  });
  mkdirSync(outputDir, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await docs?.close();
  await sandbox?.close();
  expect(sandbox.violations).toEqual([]);
});

const open = async (route: string, at = sandbox.url) => {
  // A fresh document each time, as a reader arriving from a link would have.
  await page.goto('about:blank');
  await page.goto(`${docs.url}/?sandbox=${encodeURIComponent(at)}${route}`);
  // A route change within the page keeps an open panel open (and follows the new operation).
  if (await page.locator('#klavi-console').isHidden()) await page.locator('#klavi-console-toggle').click();
  await page.locator('#klavi-console').waitFor();
};

/** Waits until `selector`'s text matches. */
const text = (selector: string, pattern: RegExp | string, timeout = 10_000) =>
  expect
    .poll(async () => (await page.locator(selector).textContent()) ?? '', { timeout })
    .toMatch(typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern);

/** The URLs the page asked the sandbox for its payment events. */
const eventReads: string[] = [];

/**
 * From createInstantPayment's page: sends the (edited) example, approves at the bank, and follows
 * the status to PAYMENT_COMPLETED; the created payment.
 */
async function payAndFollow(at: Sandbox): Promise<{ id: string; status: string }> {
  await open('#/instant-payment/createinstantpayment', at.url);
  await expect(page.locator('#klavi-console-operation').inputValue()).resolves.toBe('createInstantPayment');
  const example = JSON.parse(await page.locator('#klavi-console-body').inputValue());
  expect(example).toMatchObject({ initType: expect.any(String), amount: expect.any(String) });
  // An edited body: a fresh idempotency key, as a reader would change it.
  await page
    .locator('#klavi-console-body')
    .fill(JSON.stringify({ ...example, clientRequestId: `console-${Date.now()}` }, null, 2));
  await page.locator('#klavi-console-send').click();
  await text('#klavi-console-status', /^200 OK · x-request-id \S+$/);
  const created = JSON.parse((await page.locator('#klavi-console-answer').textContent())!);
  expect(created.status).toBe('CONSENT_AWAITING_AUTHORIZATION');
  expect(at.state.instantPayment(created.id) !== undefined).toBe(true);

  // The bank page opens in a new tab; the payer approves there. Following starts with it.
  const [bank] = await Promise.all([page.waitForEvent('popup'), page.locator('#klavi-console-bank').click()]);
  await bank.getByRole('button', { name: 'Approve' }).waitFor();
  const decided = bank.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/sandbox/bank/authorize/'),
  );
  await bank.getByRole('button', { name: 'Approve' }).click();
  expect((await decided).status()).toBe(303);
  await bank.close();

  await page.locator('#klavi-console-follow li', { hasText: 'PAYMENT_COMPLETED' }).waitFor({ timeout: 20_000 });
  const seen = await page.locator('#klavi-console-follow li').allTextContents();
  expect(seen.at(-1)).toBe('PAYMENT_COMPLETED');
  // Followed from the moment the bank page opened: the consent's statuses come first.
  expect(['CONSENT_AWAITING_AUTHORIZATION', 'CONSENT_AUTHORIZED']).toContain(seen[0]);
  return created;
}

describe('the Try it console', () => {
  it('puts a fresh clientRequestId into the example, so sending it twice does not collide', async () => {
    await open('#/instant-payment/createinstantpayment');
    const documented = '0b9c39a0-1f5e-4d8e-9c55-3f4c1f0d2a11';
    const keys: string[] = [];
    for (let round = 0; round < 2; round++) {
      if (round > 0) await page.locator('#klavi-console-reset').click();
      const shown = JSON.parse(await page.locator('#klavi-console-body').inputValue()) as { clientRequestId: string };
      expect(shown.clientRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      keys.push(shown.clientRequestId);
      const before = (await page.locator('#klavi-console-status').textContent()) ?? '';
      await page.locator('#klavi-console-send').click();
      // Each answer has its own x-request-id: wait for this one's, then it must be a 200.
      await expect
        .poll(async () => (await page.locator('#klavi-console-status').textContent()) ?? '', { timeout: 10_000 })
        .not.toBe(before);
      await text('#klavi-console-status', /^200 OK · x-request-id \S+$/);
    }
    expect(new Set([...keys, documented]).size).toBe(3);
  });

  it("puts today's date in Brasília where a charge's date must not be past, not the example's", async () => {
    await open('#/automatic-pix/createautomaticpayment');
    const before = brasiliaDate(Date.now());
    await page.locator('#klavi-console-reset').click();
    const shown = JSON.parse(await page.locator('#klavi-console-body').inputValue()) as { date: string };
    // Either side of a midnight in Brasília that fell while the example was made.
    expect([before, brasiliaDate(Date.now())]).toContain(shown.date);
  });

  it('sends the documented example of the operation on screen, and follows it to the end', async () => {
    eventReads.length = 0;
    const created = await payAndFollow(sandbox);
    await page.locator('#klavi-console').screenshot({ path: join(outputDir, 'docs-console.png') });
    // This sandbox sends no events: the console says so once, from the sandbox's 409, and stops asking.
    await text(
      '#klavi-console-events-note',
      /^No payment events: payment events are off: start the sandbox with --webhook-url/,
    );
    await expect(page.locator('#klavi-console-events').isVisible()).resolves.toBe(true);
    await expect(page.locator('#klavi-console-events li').count()).resolves.toBe(0);
    expect(eventReads).toEqual([`${sandbox.url}/__sandbox/webhooks/events?resourceId=${created.id}`]);

    // A Management operation gets its own token; the path takes the app the previous answer named.
    await page.locator('#klavi-console-operation').selectOption('listMerchantApps');
    await page.locator('#klavi-console-send').click();
    await text('#klavi-console-status', /^200 OK/);
    await page.locator('#klavi-console-operation').selectOption('listOrders');
    await expect(page.locator('#klavi-console-path input[data-param="appId"]').inputValue()).resolves.toBe(
      sandbox.state.apps[0]!.appId,
    );
    await page.locator('#klavi-console-send').click();
    await text('#klavi-console-answer', created.id);
  }, 60_000);

  it('lists the payment events a payment caused, in order, as the sandbox delivers them', async () => {
    // A merchant's endpoint: it checks each event's signature, as the docs' samples do, and answers 204.
    const secret = DEMO_CREDENTIALS.CustomerBearer[0]!.secretKey;
    const received: Array<{ eventName: string; id: string; status: string; signed: boolean }> = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const event = JSON.parse(body.toString('utf8'));
        const signed = request.headers['x-klavi-signature'] === createHmac('sha256', secret).update(body).digest('hex');
        received.push({ eventName: event.eventName, id: event.data.id, status: event.data.status, signed });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/klavi/events`;
    const withEvents = await startSandbox({ port: 0, quiet: true, webhookUrl });
    try {
      const created = await payAndFollow(withEvents);
      const followed = await page.locator('#klavi-console-follow li').allTextContents();
      // Every event listed, delivered: after the last status the console keeps reading until it is.
      await expect
        .poll(() => page.locator('#klavi-console-events li.klavi-event-pending').count(), { timeout: 15_000 })
        .toBe(0);
      const listed = await page.locator('#klavi-console-events li').evaluateAll((items) =>
        items.map((li) => ({
          eventName: li.querySelector('.klavi-event-name')?.textContent,
          status: li.querySelector('.klavi-event-status')?.textContent,
          delivery: li.querySelector('.klavi-event-delivery')?.textContent,
        })),
      );
      await page.locator('#klavi-console-events').scrollIntoViewIfNeeded();
      await page.locator('#klavi-console').screenshot({ path: join(outputDir, 'docs-console-events.png') });
      await text('#klavi-console-events-note', `Payment events for ${created.id}:`);

      // The statuses in the order they happened: created awaiting the payer, then on to completed.
      const statuses = listed.map((e) => e.status);
      expect(statuses[0]).toBe('CONSENT_AWAITING_AUTHORIZATION');
      expect(statuses.at(-1)).toBe('PAYMENT_COMPLETED');
      expect(new Set(statuses).size).toBe(statuses.length);
      // Each status the console saw while following is among them, in the same order.
      expect(statuses.filter((s) => followed.includes(s!))).toEqual(followed);
      for (const event of listed) {
        expect(event.eventName).toBe('instant_payment.status_changed');
        expect(event.delivery).toBe('delivered');
      }
      // And they are what the endpoint got, signed with the app's secretKey.
      const mine = received.filter((e) => e.id === created.id);
      expect(mine.map((e) => e.status)).toEqual(statuses);
      expect(mine.every((e) => e.signed)).toBe(true);
    } finally {
      await withEvents.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
    expect(withEvents.violations).toEqual([]);
  }, 60_000);

  it('asks for any documented answer of the operation on screen, and shows it with its headers', async () => {
    await open('#/instant-payment/createinstantpayment');
    const offered = await page
      .locator('#klavi-console-answer-wanted option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    // Read from the spec: every status the operation documents, and the sandbox's own behaviour first.
    const documented = Object.keys(
      (await import('@klavi-pay/spec/model')).MODEL.operations.find((o) => o.operationId === 'createInstantPayment')!
        .responsePointers,
    );
    expect(offered).toEqual(['', ...documented]);
    const before = sandbox.state.count('instant');
    await page.locator('#klavi-console-answer-wanted').selectOption('429');
    await page.locator('#klavi-console-send').click();
    await text(
      '#klavi-console-status',
      /^429 Too Many Requests · x-request-id \S+ · Retry-After 1 · asked for \(code=429\)$/,
    );
    await text('#klavi-console-answer', 'Prefer: code=429 asked for this answer; nothing was done');
    await page.locator('#klavi-console-answer-wanted').selectOption('503');
    await page.locator('#klavi-console-send').click();
    await text('#klavi-console-status', /^503 Service Unavailable .* asked for \(code=503\)$/);
    // Nothing was made.
    expect(sandbox.state.count('instant')).toBe(before);
    // Another operation offers its own answers, and starts from the sandbox's own behaviour.
    await page.locator('#klavi-console-operation').selectOption('getOrder');
    await expect(page.locator('#klavi-console-answer-wanted').inputValue()).resolves.toBe('');
    await expect(page.locator('#klavi-console-answer-wanted option[value="416"]').count()).resolves.toBe(0);
  });

  it("shows the API's error for a bad body, and refuses a body that is not JSON before sending", async () => {
    await open('#/instant-payment/createinstantpayment');
    await page.locator('#klavi-console-body').fill('{"amount": 12}');
    await page.locator('#klavi-console-send').click();
    await text('#klavi-console-status', /^400 Bad Request/);
    await text('#klavi-console-answer', '"statusCode": 400');
    await page.locator('#klavi-console-body').fill('{not json');
    await page.locator('#klavi-console-send').click();
    await text('#klavi-console-status', /^The body is not JSON/);
  });

  it("writes a server's answer as text", async () => {
    // A server whose answers hold markup, its payment events too; CORS lets the page read them.
    const markup = '<img src=x onerror="window.pwned=1">';
    let eventsOff = false;
    const hostile = createServer((request, response) => {
      response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
      response.setHeader('access-control-allow-headers', 'authorization, content-type');
      if (request.method === 'OPTIONS') return void response.writeHead(204).end();
      const [status, body] = request.url?.endsWith('/auth')
        ? [200, { accessToken: 'a.b.c', expireIn: 3600 }]
        : request.url?.startsWith('/__sandbox/webhooks/events')
          ? eventsOff
            ? [409, { statusCode: 409, error: 'Conflict', message: markup }]
            : [
                200,
                {
                  events: [{ event: { eventName: markup, data: { status: markup } }, url: markup, delivered: markup }],
                },
              ]
          : request.method === 'POST'
            ? [200, { id: markup, status: markup }]
            : [404, { statusCode: 404, error: 'Not Found', message: markup }];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      await open(
        '#/instant-payment/getinstantpaymentstatus',
        `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`,
      );
      await page.locator('#klavi-console-send').click();
      await text('#klavi-console-status', /^404/);
      await text('#klavi-console-answer', '<img src=x');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('#klavi-console-answer img').count()).toBe(0);

      // An answer with an id: its events are listed as text, and a 409's message is shown as text.
      await page.locator('#klavi-console-operation').selectOption('createInstantPayment');
      await page.locator('#klavi-console-send').click();
      await text('#klavi-console-events-list', `${markup} · ${markup} · not delivered yet`);
      eventsOff = true;
      await page.locator('#klavi-console-send').click();
      await text('#klavi-console-events-note', `No payment events: ${markup}`);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('#klavi-console img').count()).toBe(0);
    } finally {
      hostile.close();
    }
  });

  it('says so when no sandbox answers', async () => {
    await open('#/instant-payment/createinstantpayment', 'http://127.0.0.1:9');
    await page.locator('#klavi-console-send').click();
    await text('#klavi-console-status', /No answer from http:\/\/127\.0\.0\.1:9.*Is klavi-sandbox running there\?/);
  });
});
