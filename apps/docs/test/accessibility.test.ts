// Accessibility, as axe-core (Deque's engine) judges the built page in Chromium: no serious or
// critical violation on the introduction, an operation, a webhook, nor with the Try it console
// open; and the keyboard closes what it opens: Escape closes the code-sample language menu and the
// example menu, and gives the focus back to their button.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs, type DocsServer } from '../scripts/serve.mjs';
import { launchChromium } from './support/chromium.js';

let docs: DocsServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  docs = await serveDocs({ port: 0 });
  browser = await launchChromium();
  // axe needs a context of its own making pages (it opens a blank one to run in).
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await docs?.close();
});

/** The serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

describe('accessibility', () => {
  it.each([
    ['the introduction', '/'],
    ['an operation', '/#/instant-payment/createinstantpayment'],
    ['a webhook', '/#/instant-payment/instantpaymentstatuschanged'],
  ])('has no serious or critical axe violation on %s', async (_, route) => {
    await page.goto(`${docs.url}${route}`, { waitUntil: 'networkidle' });
    expect(await seriousViolations()).toEqual([]);
  });

  it('has no serious or critical axe violation with the Try it console open', async () => {
    await page.goto(`${docs.url}/#/instant-payment/createinstantpayment`, { waitUntil: 'networkidle' });
    await page.locator('#klavi-console-toggle').click();
    await page.locator('#klavi-console').waitFor();
    expect(await seriousViolations()).toEqual([]);
  });

  it.each([
    ['the code-sample language menu', 'button[aria-haspopup="menu"]:visible:has-text("curl")'],
    ['the example menu', 'button[aria-haspopup="menu"][aria-label^="Example:"]'],
  ])('closes %s with Escape and gives the focus back to its button', async (_, selector) => {
    await page.goto(`${docs.url}/#/instant-payment/createinstantpayment`, { waitUntil: 'networkidle' });
    const target = page.locator(selector).first();
    await target.click();
    await expect.poll(() => target.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => target.getAttribute('aria-expanded')).toBe('false');
    expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
