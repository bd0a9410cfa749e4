// The "Try it" console in Chromium, against a real sandbox in this process: from an operation's
// page a reader sends its documented example, the token is fetched with the demo keys, the bank
// page opens and approves, and the status is followed to PAYMENT_COMPLETED; then the Management
// API lists the payment. A server's answer is shown as text, never as markup.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs, type DocsServer } from '../scripts/serve.mjs';
import { launchChromium } from './support/chromium.js';

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

describe('the Try it console', () => {
  it('sends the documented example of the operation on screen, and follows it to the end', async () => {
    await open('#/instant-payment/createinstantpayment');
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
    expect(sandbox.state.instantPayment(created.id) !== undefined).toBe(true);

    // The bank page opens in a new tab; the payer approves there.
    const [bank] = await Promise.all([page.waitForEvent('popup'), page.locator('#klavi-console-bank').click()]);
    await bank.getByRole('button', { name: 'Approve' }).waitFor();
    const decided = bank.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('/sandbox/bank/authorize/'),
    );
    await bank.getByRole('button', { name: 'Approve' }).click();
    expect((await decided).status()).toBe(303);
    await bank.close();

    await page.locator('#klavi-console-follow-button').click();
    await page.locator('#klavi-console-follow li', { hasText: 'PAYMENT_COMPLETED' }).waitFor({ timeout: 20_000 });
    const seen = await page.locator('#klavi-console-follow li').allTextContents();
    expect(seen.at(-1)).toBe('PAYMENT_COMPLETED');
    await page.locator('#klavi-console').screenshot({ path: join(outputDir, 'docs-console.png') });

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
    // A server whose answer holds markup; CORS lets the page read it.
    const hostile = createServer((request, response) => {
      response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
      response.setHeader('access-control-allow-headers', 'authorization, content-type');
      if (request.method === 'OPTIONS') return void response.writeHead(204).end();
      response.writeHead(request.url?.endsWith('/auth') ? 200 : 404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          request.url?.endsWith('/auth')
            ? { accessToken: 'a.b.c', expireIn: 3600 }
            : { statusCode: 404, error: 'Not Found', message: '<img src=x onerror="window.pwned=1">' },
        ),
      );
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
