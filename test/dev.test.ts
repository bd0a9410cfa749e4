// `pnpm dev` seen from a reader's browser: the reference page, opened once, follows the saves to
// the spec without a reload; a save that breaks a reference, or that the linter refuses, puts an
// overlay on the page (the page keeps the last good document) and the overlay goes once the save
// is fixed; the types are written on each good save. It runs on a copy of the spec, so this
// tree's spec, bundle and client stay untouched, and without the background build.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDev, WATCHED } from '../scripts/dev.mjs';
import { ROOT } from '../scripts/generated.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The introduction is on the first screen, so an edit to it is visible without scrolling.
const INTRO_FILE = 'openapi.yaml';
const INTRO_TEXT = "Klavi Pay initiates Pix payments from your users' bank accounts through Open Finance Brasil.";
const OPERATION_FILE = 'paths/customer_instant_payments.yaml';

let work: string;
let specDir: string;
let distDir: string;
let generatedDir: string;
let dev: Awaited<ReturnType<typeof startDev>>;
let browser: Browser;
let page: Page;
const lines: string[] = [];

/** Saves `file` under the spec copy with `edit` applied to its text; returns a restorer. */
function save(file: string, edit: (text: string) => string): () => void {
  const path = join(specDir, file);
  const original = readFileSync(path, 'utf8');
  const edited = edit(original);
  expect(edited, `the edit of ${file} changes it`).not.toBe(original);
  writeFileSync(path, edited);
  return () => writeFileSync(path, original);
}

/** Waits until no turn runs and the page shows the newest good document. */
async function synced(): Promise<void> {
  await dev.settled();
  await page.waitForFunction((v) => document.documentElement.dataset.klaviDocument === v, dev.live.version, {
    timeout: 30_000,
  });
}

const pageText = () => page.evaluate(() => document.getElementById('redoc')?.textContent ?? '');
const overlay = () => page.locator('#klavi-dev-overlay');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'klavi-dev-'));
  specDir = join(work, 'spec');
  distDir = join(work, 'dist');
  generatedDir = join(work, 'generated');
  for (const entry of WATCHED) cpSync(join(ROOT, 'spec', entry), join(specDir, entry), { recursive: true });
  // The rulesets name their packages (the OWASP ruleset, Redocly's); they resolve from the copy.
  symlinkSync(join(ROOT, 'spec', 'node_modules'), join(specDir, 'node_modules'));
  dev = await startDev({
    port: 0,
    specDir,
    distDir,
    clientGeneratedDir: generatedDir,
    background: false,
    log: (line) => lines.push(line),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage();
  await page.goto(dev.url);
  await page.waitForFunction((v) => document.documentElement.dataset.klaviDocument === v, dev.live.version, {
    timeout: 30_000,
  });
  // Anything a reload would lose: it must survive every save below.
  await page.evaluate(() => {
    (window as unknown as { keptAcrossSaves: number }).keptAcrossSaves = 42;
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('pnpm dev', () => {
  it('starts from the current spec: the page shows it and the types are written', async () => {
    expect(await pageText()).toContain(INTRO_TEXT);
    expect(readFileSync(join(distDir, 'openapi.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'spec', 'dist', 'openapi.json'), 'utf8'),
    );
    expect(readFileSync(join(generatedDir, 'schema.ts'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'packages', 'client', 'src', 'generated', 'schema.ts'), 'utf8'),
    );
    expect(lines.join('\n')).toMatch(/✔ start: page \d+ ms, types \d+ ms/);
  });

  it('shows a saved edit on the open page without a reload, and writes the types', async () => {
    const restore = save(INTRO_FILE, (text) =>
      text.replace(INTRO_TEXT, `${INTRO_TEXT} Edited while the page was open.`),
    );
    try {
      await page.waitForFunction(
        () => document.getElementById('redoc')?.textContent?.includes('Edited while the page was open.'),
        null,
        { timeout: 30_000 },
      );
      expect(await page.evaluate(() => (window as unknown as { keptAcrossSaves?: number }).keptAcrossSaves)).toBe(42);
      expect(readFileSync(join(distDir, 'openapi.json'), 'utf8')).toContain('Edited while the page was open.');
    } finally {
      restore();
    }
    await page.waitForFunction(
      () => !document.getElementById('redoc')?.textContent?.includes('Edited while the page was open.'),
      null,
      { timeout: 30_000 },
    );
  });

  it('writes the types of a schema edit', async () => {
    const restore = save('components/schemas/Amount.yaml', (text) =>
      text.replace('Never a JSON number', 'Edited for the types. Never a JSON number'),
    );
    try {
      await expect
        .poll(() => readFileSync(join(distDir, 'types.d.ts'), 'utf8'), { timeout: 30_000, interval: 50 })
        .toContain('Edited for the types.');
      // The client's generated files re-export the types by name: a description leaves them be.
      expect(readFileSync(join(generatedDir, 'schema.ts'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'packages', 'client', 'src', 'generated', 'schema.ts'), 'utf8'),
      );
    } finally {
      restore();
    }
    await expect
      .poll(() => readFileSync(join(distDir, 'types.d.ts'), 'utf8'), { timeout: 30_000, interval: 50 })
      .not.toContain('Edited for the types.');
  });

  it('puts a broken reference over the page, file:line, keeps the last good document, and clears once fixed', async () => {
    await synced();
    const before = await page.evaluate(() => document.documentElement.dataset.klaviDocument);
    const restore = save(INTRO_FILE, (text) =>
      text
        .replace(INTRO_TEXT, `${INTRO_TEXT} This save is broken.`)
        .replace('$ref: paths/customer_instant_payments.yaml', '$ref: paths/no_such_path_item.yaml'),
    );
    try {
      await overlay().waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await overlay().textContent()) ?? '';
      expect(text).toContain('last good document');
      expect(text).toMatch(/openapi\.yaml:106:\d+ error .*no_such_path_item\.yaml/);
      expect(lines.join('\n')).toMatch(/✖ openapi\.yaml:106:\d+ error .*no_such_path_item\.yaml/);
      expect(await pageText()).not.toContain('This save is broken.');
      expect(await page.evaluate(() => document.documentElement.dataset.klaviDocument)).toBe(before);
      expect(readFileSync(join(distDir, 'openapi.json'), 'utf8')).not.toContain('This save is broken.');
    } finally {
      restore();
    }
    await overlay().waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { keptAcrossSaves?: number }).keptAcrossSaves)).toBe(42);
  });

  it('puts a lint error over the page the same way: an operation without its 429', async () => {
    await synced();
    // The rule breaks first, so no turn ever sees the intro edit without it.
    const restoreOperation = save(OPERATION_FILE, (text) => text.replace(/^(\s+)'429':\n\s+\$ref: [^\n]+\n/m, ''));
    const restoreIntro = save(INTRO_FILE, (text) =>
      text.replace(INTRO_TEXT, `${INTRO_TEXT} This save breaks a house rule.`),
    );
    const restore = () => {
      restoreIntro();
      restoreOperation();
    };
    try {
      await overlay().waitFor({ state: 'visible', timeout: 30_000 });
      await dev.settled();
      expect((await overlay().textContent()) ?? '').toMatch(
        /paths\/customer_instant_payments\.yaml:\d+:\d+ error .*429.*\(redocly rule\/operation-documents-rate-limit\)/,
      );
      expect(await pageText()).not.toContain('This save breaks a house rule.');
    } finally {
      restore();
    }
    await overlay().waitFor({ state: 'detached', timeout: 30_000 });
  });
});
