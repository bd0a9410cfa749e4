// A person approves a payment at the simulated bank in a real browser (the system Chromium,
// driven by Playwright), is sent back to the merchant, and the payment settles.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, instantBody, type Booted } from './support/harness.js';

const outputDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

let t: Booted;
let browser: Browser;
let merchant: Server;
let merchantUrl = '';

beforeAll(async () => {
  t = await boot();
  merchant = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Merchant</title><h1>Thanks! Back at the merchant: ${req.url}</h1>`);
  });
  await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
  merchantUrl = `http://127.0.0.1:${(merchant.address() as { port: number }).port}/callback`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  merchant?.close();
  await t.stop();
});

describe('the bank page in a browser', () => {
  it('approves a payment end to end', async () => {
    const { data: created } = await t.client.POST('/payment/customer/v1/instant/payments', {
      body: instantBody({ amount: '250.00', redirectURL: merchantUrl }) as never,
      throwOnError: true,
    });
    const page = await browser.newPage();
    await page.goto(created.consentRedirectURL!);
    await expect(page.locator('h1').textContent()).resolves.toBe('Authorize this payment?');
    await expect(page.locator('#amount').textContent()).resolves.toBe('BRL 250.00');
    mkdirSync(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, 'bank-page.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/callback\?/), page.getByRole('button', { name: 'Approve' }).click()]);
    const back = new URL(page.url());
    expect(back.pathname).toBe('/callback');
    expect(back.searchParams.get('paymentId')).toBe(created.id);
    expect(back.searchParams.get('status')).toBe('CONSENT_AUTHORIZED');
    await expect(page.locator('h1').textContent()).resolves.toContain('Back at the merchant');

    t.sandbox.clock.advance(5000);
    const { data: status } = await t.client.GET('/payment/customer/v1/instant/payments/{id}/status', {
      params: { path: { id: created.id } },
      throwOnError: true,
    });
    expect(status.status).toBe('PAYMENT_COMPLETED');

    // The link was single use: reloading the bank page now shows it as used.
    await page.goto(created.consentRedirectURL!);
    await expect(page.locator('h1').textContent()).resolves.toBe('This authorization link was already used.');
    await page.close();
  });

  it('rejects a payment, and the merchant learns it from the redirect', async () => {
    const { data: created } = await t.client.POST('/payment/customer/v1/instant/payments', {
      body: instantBody({ redirectURL: merchantUrl }) as never,
      throwOnError: true,
    });
    const page = await browser.newPage();
    await page.goto(created.consentRedirectURL!);
    await Promise.all([page.waitForURL(/\/callback\?/), page.getByRole('button', { name: 'Reject' }).click()]);
    expect(new URL(page.url()).searchParams.get('status')).toBe('CONSENT_REJECTED');
    await page.close();
  });
});
