// The built page in a real browser (Playwright driving the system Chromium): every operation and
// every webhook of the bundle renders, the search finds "consent", a request example shows, the
// webhooks' verification samples show, and the diagrams load.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../scripts/samples/index.mjs';
import { serveDocs, type DocsServer } from '../scripts/serve.mjs';
import { launchChromium } from './support/chromium.js';

const outputDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
const operations = Object.values<any>(spec.paths).flatMap((item) => Object.values<any>(item));
const webhooks = Object.values<any>(spec.webhooks ?? {}).flatMap((item) => Object.values<any>(item));

let docs: DocsServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  docs = await serveDocs({ port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  mkdirSync(outputDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await docs?.close();
});

/** Redoc's slug for a tag: lower case, spaces as dashes. */
const slug = (text: string) => text.toLowerCase().replace(/\s+/g, '-');

describe('the API reference in Chromium', () => {
  it('shows the introduction and both tag groups', async () => {
    await page.goto(docs.url);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Klavi Pay API');
    for (const group of ['Customer API', 'Management API'])
      await page.getByText(group, { exact: true }).first().waitFor();
    await page.screenshot({ path: join(outputDir, 'docs-introduction.png') });
  });

  it('renders every operation of the bundle under its operationId', async () => {
    const missing: string[] = [];
    for (const op of operations) {
      const hash = `#/${slug(op.tags[0])}/${op.operationId.toLowerCase()}`;
      await page.goto(`${docs.url}/${hash}`);
      // The heading's accessible name includes its anchor link's label, so match the text instead.
      const heading = page.locator('h1, h2', {
        hasText: new RegExp(`^${op.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      });
      try {
        await heading.first().waitFor({ timeout: 3000 });
      } catch {
        missing.push(`${op.operationId} (${hash}: no heading "${op.summary}")`);
      }
      const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      if (!links.some((href) => href.endsWith(`/${op.operationId.toLowerCase()}`)))
        missing.push(`${op.operationId} (no link in the navigation)`);
    }
    expect(missing).toEqual([]);
    expect(operations).toHaveLength(21);
  });

  it('renders every webhook of the bundle under its operationId, with its verification samples', async () => {
    expect(webhooks.map((op) => op.operationId)).toEqual([
      'instantPaymentStatusChanged',
      'automaticConsentStatusChanged',
      'automaticPaymentStatusChanged',
    ]);
    // A fresh page for each: Redoc keeps panels open and the scroll position between routes.
    for (const op of webhooks) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      try {
        const hash = `#/${slug(op.tags[0])}/${op.operationId.toLowerCase()}`;
        await page.goto(`${docs.url}/${hash}`);
        // The heading is the summary, then the Webhook mark inside it.
        const heading = page.locator('h1, h2', {
          hasText: new RegExp(`^${op.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        });
        await heading.first().waitFor({ timeout: 5000 });
        await heading.first().getByText('Webhook', { exact: true }).waitFor();
        // Its operationId is on its sample panel.
        await page.getByText(op.operationId, { exact: true }).first().waitFor();
        const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
        expect(
          links.some((href) => href.endsWith(`/${op.operationId.toLowerCase()}`)),
          `${op.operationId}: a link in the navigation`,
        ).toBe(true);
        // Its samples, in its description: the renderer shows only the payload in a webhook's panel.
        // This webhook's own samples, as the build made them (dist/openapi.json): another webhook of
        // the same tag is on the page too.
        const built = JSON.parse(readFileSync(join(outputDir, '..', 'dist', 'openapi.json'), 'utf8'));
        const [shellSample, typescriptSample] = Object.values<any>(built.webhooks).find(
          (item) => item.post?.operationId === op.operationId,
        ).post['x-codeSamples'];
        const firstLine = (source: string) => source.split('\n')[0]!;
        expect(firstLine(shellSample.source)).toMatch(/^# [a-z_]+\.status_changed: /);
        const shell = page.locator('pre', { hasText: firstLine(shellSample.source) });
        await shell.first().waitFor();
        await expect(shell.first().textContent()).resolves.toContain('openssl dgst -sha256 -hmac "$KLAVI_SECRET_KEY"');
        const eventName = /event\.eventName === '([^']+)'/.exec(typescriptSample.source)![1]!;
        const typescript = page.locator('pre', { hasText: `event.eventName === '${eventName}'` });
        await typescript.first().waitFor();
        await expect(typescript.first().textContent()).resolves.toContain(
          'await verifyKlaviEvent(rawBody, request.headers',
        );
        if (op === webhooks[0]) {
          await shell.first().scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(outputDir, 'docs-webhook-samples.png') });
        }
      } finally {
        await page.close();
      }
    }
  });

  it('renders a request example and the generated code samples', async () => {
    const op = spec.paths['/payment/customer/v1/instant/payments'].post;
    const example =
      spec.components.examples[
        Object.values<any>(op.requestBody.content['application/json'].examples)[0].$ref.split('/').pop()
      ].value;
    // A fresh page: after the other tests, Redoc keeps its scroll position and other panels.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${docs.url}/#/instant-payment/createinstantpayment`);
    // The curl sample: the example's body, with a fresh clientRequestId made by the shell.
    const sample = page.locator('pre:visible', { hasText: `"clientRequestId": "'"$(openssl rand -hex 16)"'"` });
    await sample.first().waitFor();
    await expect(sample.first().textContent()).resolves.toContain(`"amount": "${example.amount}"`);
    await expect(sample.first().textContent()).resolves.not.toContain(example.clientRequestId);
    // The language switch of the sample panel, then its @klavi-pay/client entry.
    await page.getByText('curl', { exact: true }).first().click();
    await page.getByText('@klavi-pay/client', { exact: true }).first().click();
    const typescript = page.locator('pre:visible', {
      hasText: "await klavi.POST('/payment/customer/v1/instant/payments', {",
    });
    await typescript.first().waitFor();
    await expect(typescript.first().textContent()).resolves.toContain(`amount: "${example.amount}"`);
    await page.screenshot({ path: join(outputDir, 'docs-request-example.png') });
    await page.close();
  });

  it("offers every operation's samples in every language of the page", async () => {
    const labels = LANGUAGES.map((l) => l.label);
    const short: string[] = [];
    for (const op of operations) {
      const fresh = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      try {
        await fresh.goto(`${docs.url}/#/${slug(op.tags[0])}/${op.operationId.toLowerCase()}`);
        await fresh.locator('button[aria-haspopup="menu"]:visible:has-text("curl")').first().click();
        const offered = await fresh.locator('[role="menu"]:visible [role="menuitem"]').allTextContents();
        const missing = labels.filter((label) => !offered.map((o) => o.trim()).includes(label));
        if (missing.length > 0) short.push(`${op.operationId}: no ${missing.join(', ')}`);
      } finally {
        await fresh.close();
      }
    }
    expect(short).toEqual([]);
  }, 120_000);

  it('opens every menu entry at its place from a link opened fresh (a shared link, a new tab)', async () => {
    await page.goto(docs.url);
    // The menu's links: sections of the introduction and tags, each as Redoc writes it (by path).
    const entries = await page.evaluate(() =>
      [...document.querySelectorAll('a[href^="/"]')]
        .map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() }))
        .filter((entry) => entry.href !== '/' && entry.text !== ''),
    );
    expect(entries.length).toBeGreaterThanOrEqual(spec.tags.length + 5);
    const misplaced: string[] = [];
    for (const { href, text } of entries) {
      const fresh = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      try {
        await fresh.goto(`${docs.url}${href}`);
        const heading = fresh.locator('h1, h2, h3', {
          hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        });
        await heading.first().waitFor({ state: 'attached' });
        // Redoc scrolls once it has rendered: wait (bounded) for one of the headings to reach the top.
        const placed = await fresh
          .waitForFunction(
            (label) =>
              [...document.querySelectorAll('h1, h2, h3')].some((h) => {
                const top = h.getBoundingClientRect().top;
                return (h.textContent ?? '').trim() === label && top > -10 && top < 400;
              }),
            text,
            { timeout: 5_000 },
          )
          .then(
            () => true,
            () => false,
          );
        if (!placed) misplaced.push(`${href} (scrolled to ${await fresh.evaluate(() => window.scrollY)})`);
      } finally {
        await fresh.close();
      }
    }
    expect(misplaced).toEqual([]);
  }, 180_000);

  it('lays out the console, the tables and the diagrams so that nothing hides what a reader came for', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    try {
      await fresh.goto(`${docs.url}/#/instant-payment/createinstantpayment`);
      const sample = fresh.locator('pre:visible', { hasText: 'curl -X POST' }).first();
      await sample.waitFor();
      await fresh.locator('#klavi-console-toggle').click();
      const consoleBox = (await fresh.locator('#klavi-console').boundingBox())!;
      const sampleBox = (await sample.boundingBox())!;
      // The console is a drawer along the bottom, below the sample, and the page makes room for it.
      expect(sampleBox.y).toBeLessThan(consoleBox.y);
      expect(
        await fresh.evaluate(() => Number.parseFloat(getComputedStyle(document.body).paddingBottom)),
      ).toBeGreaterThan(consoleBox.height - 1);
      // Its secondary actions look like buttons: a border of their own.
      for (const id of ['#klavi-console-reset'])
        expect(await fresh.locator(id).evaluate((b) => getComputedStyle(b).borderTopStyle)).toBe('solid');
      // Nothing floats over the samples while it is open: the toggle gives way to the drawer's own
      // Close button, the focus moves into the drawer, and comes back to the toggle on closing.
      const toggle = fresh.locator('#klavi-console-toggle');
      expect(await toggle.isHidden()).toBe(true);
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await fresh.evaluate(() => document.activeElement?.id)).toBe('klavi-console-sandbox');
      await fresh.getByRole('button', { name: 'Close the console' }).click();
      await toggle.waitFor({ state: 'visible' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await fresh.evaluate(() => document.activeElement?.id)).toBe('klavi-console-toggle');
      await toggle.click();

      await fresh.goto(`${docs.url}/#/section/environments`);
      const url = fresh.locator('table code', { hasText: 'https://api-sandbox.klavi.ai' }).first();
      await url.waitFor();
      // A base URL on one line, not broken mid-word, and the table's third column has a header.
      expect(await url.evaluate((c) => getComputedStyle(c).whiteSpace)).toBe('nowrap');
      expect((await url.boundingBox())!.height).toBeLessThan(30);
      await fresh.getByRole('columnheader', { name: 'What it is for' }).waitFor();
      // Each diagram opens at full size in a tab of its own.
      const links = fresh.locator('a.klavi-diagram');
      expect(await links.count()).toBe(3);
      for (const link of await links.all()) {
        expect(await link.getAttribute('target')).toBe('_blank');
        expect(await link.getAttribute('href')).toMatch(/^\/[a-z-]+-states\.svg$/);
      }
    } finally {
      await fresh.close();
    }
  });

  it('finds "consent" with the search', async () => {
    await page.goto(docs.url);
    await page.getByText('Search', { exact: false }).first().click();
    await page.keyboard.type('consent');
    const hit = page.getByText('Create a consent', { exact: true });
    await hit.first().waitFor();
    await page.screenshot({ path: join(outputDir, 'docs-search.png') });
  });

  it('loads the state-machine diagrams', async () => {
    await page.goto(`${docs.url}/section/payment-and-consent-state-machines`);
    for (const alt of [
      'Instant payment statuses',
      'Automatic Pix consent statuses',
      'Automatic Pix payment statuses',
    ]) {
      const image = page.locator(`img[alt="${alt}"]`);
      await image.waitFor();
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(200);
    }
    await page
      .locator('img[alt="Instant payment statuses"]')
      .screenshot({ path: join(outputDir, 'docs-instant-payment-states.png') });
  });
});
