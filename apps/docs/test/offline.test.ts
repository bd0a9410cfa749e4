// The page never calls home. A visit in Chromium (load, a scroll to the end, a search, the Try it
// console sending a request to a sandbox) is recorded request by request, and every request must
// go to the page's own server or to the sandbox; the page logs no console error and throws
// nothing; and it is sent compressed. Telemetry fires about five seconds after load, so the visit
// waits for the network to settle and then some before it reads the record.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepOffline, REPLACED_ASSETS } from '../scripts/offline.mjs';
import { serveDocs, type DocsServer } from '../scripts/serve.mjs';
import { launchChromium } from './support/chromium.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
/** How long after the network settles a late beacon (Redoc's telemetry: about 5 s) is waited for. */
const LATE_BEACON_MS = 8_000;

let docs: DocsServer;
let sandbox: Sandbox;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  docs = await serveDocs({ port: 0 });
  sandbox = await startSandbox({ port: 0, quiet: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // The context sees every request, those of workers and popups included.
  context.on('request', (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await docs?.close();
  await sandbox?.close();
});

describe('the page, offline', () => {
  it('makes no request off the machine during a visit, and logs no error', async () => {
    await page.goto(`${docs.url}/?sandbox=${encodeURIComponent(sandbox.url)}`, { waitUntil: 'networkidle' });
    // Scroll to the end, a screen at a time, so that everything lazily rendered renders.
    for (let y = 0, end = 1; y < end; y += 900) {
      end = await page.evaluate((to) => {
        window.scrollTo(0, to);
        return document.documentElement.scrollHeight;
      }, y);
    }
    // A search.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByText('Search', { exact: false }).first().click();
    await page.keyboard.type('consent');
    await page.getByText('Create a consent', { exact: true }).first().waitFor();
    await page.keyboard.press('Escape');
    // The code-sample language menu, whose entries carry each language's icon.
    await page.goto(`${docs.url}/?sandbox=${encodeURIComponent(sandbox.url)}#/instant-payment/createinstantpayment`, {
      waitUntil: 'networkidle',
    });
    await page.locator('button[aria-haspopup="menu"]:visible:has-text("curl")').first().click();
    await page.getByRole('menuitem', { name: 'Python' }).click();
    await page.locator('pre:visible', { hasText: 'urllib.request' }).first().waitFor();
    // The console, sending the token request to the sandbox.
    await page.goto(
      `${docs.url}/?sandbox=${encodeURIComponent(sandbox.url)}#/customer-authentication/createcustomeraccesstoken`,
      { waitUntil: 'networkidle' },
    );
    if (await page.locator('#klavi-console').isHidden()) await page.locator('#klavi-console-toggle').click();
    await page.locator('#klavi-console-send').click();
    await expect
      .poll(async () => (await page.locator('#klavi-console-status').textContent()) ?? '', { timeout: 15_000 })
      .toMatch(/^200 OK/);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(LATE_BEACON_MS);

    const allowed = new Set([new URL(docs.url).host, new URL(sandbox.url).host]);
    const offMachine = requests.filter((url) => {
      const { protocol, host } = new URL(url);
      return !(protocol === 'data:' || protocol === 'blob:' || allowed.has(host));
    });
    expect(offMachine).toEqual([]);
    expect(requests.some((url) => url.startsWith(sandbox.url))).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('has a favicon of its own and the attribution logo from its own server', async () => {
    const icon = await fetch(`${docs.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg">');
    for (const { from, to } of REPLACED_ASSETS) {
      expect(html).not.toContain(from);
      expect((await fetch(`${docs.url}${to}`)).status).toBe(200);
    }
    expect(html).toContain('"disableTelemetry":true');
  });

  it('fails the build when Redoc names a CDN asset it no longer replaces', () => {
    expect(() => keepOffline('<html><head></head><body></body></html>')).toThrow(
      'the page no longer names https://cdn.redoc.ly/redoc/logo-mini-full.svg',
    );
  });

  it('is sent compressed to a browser that accepts it', async () => {
    const plain = readFileSync(join(dist, 'index.html'));
    for (const [encoding, accept] of [
      ['br', 'br, gzip'],
      ['gzip', 'gzip'],
    ] as const) {
      const response = await fetch(`${docs.url}/`, { headers: { 'accept-encoding': accept } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      const body = Buffer.from(await response.arrayBuffer()); // fetch decodes it
      expect(body.equals(plain)).toBe(true);
      expect(Number(response.headers.get('content-length'))).toBeLessThan(plain.length / 3);
    }
  });
});
