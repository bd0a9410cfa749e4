// The built site (turbo runs `build` before `test`) and the server that serves it.
import { cpSync, mkdirSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.mjs';
import { serveDocs } from '../scripts/serve.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(appDir, 'dist');
const require = createRequire(import.meta.url);

describe('dist/', () => {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const enriched = JSON.parse(readFileSync(join(dist, 'openapi.json'), 'utf8'));

  it('is one self-contained page: the Redoc bundle is inlined, nothing is loaded from a CDN', () => {
    expect(html.length).toBeGreaterThan(1_000_000);
    // Booleans, not toContain: a failure would otherwise print the whole 2.7 MB page.
    expect(/<script[^>]+src="https?:/.test(html), 'a script loaded from the network').toBe(false);
    expect(/<title>Klavi Pay API reference<\/title>/.test(html), 'the page title').toBe(true);
  });

  it('keeps the two tag groups', () => {
    expect(enriched['x-tagGroups'].map((g: { name: string }) => g.name)).toEqual(['Customer API', 'Management API']);
  });

  it('introduces auth, environments, the state machines, idempotency and errors', () => {
    const headings = [...enriched.info.description.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(
      expect.arrayContaining(['Authentication', 'Idempotency', 'Errors', 'Environments', 'Payment and consent state machines', 'Instant payment', 'Automatic Pix consent', 'Code samples']),
    );
    for (const server of enriched.servers) expect(enriched.info.description).toContain(server.url);
  });

  it('has the diagrams the introduction points to', () => {
    for (const [, file] of enriched.info.description.matchAll(/\]\(\/([\w-]+\.svg)\)/g)) expect(existsSync(join(dist, file)), file).toBe(true);
    expect([...enriched.info.description.matchAll(/\.svg\)/g)]).toHaveLength(3);
  });

  it('differs from the bundle only by the docs additions', () => {
    const bundle = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
    const strip = (doc: any) => {
      const copy = structuredClone(doc);
      delete copy.info.description;
      for (const item of Object.values<any>(copy.paths)) for (const op of Object.values<any>(item)) delete op['x-codeSamples'];
      return copy;
    };
    expect(strip(enriched)).toEqual(strip(bundle));
  });
});

describe('serveDocs', () => {
  it('serves the page at / and at the paths Redoc routes to', async () => {
    const docs = await serveDocs({ port: 0 });
    try {
      for (const path of ['/', '/section/environments', '/instant-payment']) {
        const response = await fetch(docs.url + path);
        expect(response.status, path).toBe(200);
        expect((await response.text()).includes('Klavi Pay API reference'), path).toBe(true);
      }
      expect((await fetch(`${docs.url}/instant-payment-states.svg`)).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    } finally {
      await docs.close();
    }
  });

  it('rebuilds when a watched spec file changes, so a reload shows the edit', async () => {
    const work = mkdtempSync(join(tmpdir(), 'klavi-docs-'));
    const specPath = join(work, 'spec', 'openapi.json');
    const outDir = join(work, 'dist');
    cpSync(require.resolve('@klavi-pay/spec/openapi.json'), specPath, { recursive: true });
    await build({ specPath, outDir });
    const lines: string[] = [];
    const docs = await serveDocs({ port: 0, root: outDir, watchDir: join(work, 'spec'), rebuild: async () => (await build({ specPath, outDir }), { ok: true, output: '' }), log: (l) => lines.push(l), debounceMs: 50 });
    try {
      const spec = JSON.parse(readFileSync(specPath, 'utf8'));
      spec.info.title = 'Klavi Pay API, edited';
      writeFileSync(specPath, JSON.stringify(spec));
      for (let i = 0; i < 600 && docs.rebuilds === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(docs.rebuilds).toBe(1);
      expect(lines[0]).toMatch(/^rebuilt the docs after a change to openapi\.json/);
      expect((await (await fetch(docs.url)).text()).includes('<title>Klavi Pay API, edited reference</title>')).toBe(true);
      // Editors often save by writing a new file and renaming it over the old one.
      spec.info.title = 'Klavi Pay API, saved by rename';
      writeFileSync(`${specPath}.tmp`, JSON.stringify(spec));
      renameSync(`${specPath}.tmp`, specPath);
      // Waits for the rebuild (a slow machine may take a while); requests during it are held, not reset.
      for (let i = 0; i < 600 && docs.rebuilds < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(docs.rebuilds).toBe(2);
      expect((await (await fetch(docs.url)).text()).includes('<title>Klavi Pay API, saved by rename reference</title>')).toBe(true);
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('holds a request made during a rebuild until the new build is complete, instead of serving a half-written one', async () => {
    const work = mkdtempSync(join(tmpdir(), 'klavi-docs-'));
    const root = join(work, 'dist');
    const watched = join(work, 'spec');
    mkdirSync(root);
    mkdirSync(watched);
    writeFileSync(join(root, 'index.html'), '<title>old</title>');
    let started!: () => void;
    const rebuildStarted = new Promise<void>((resolve) => (started = resolve));
    // A slow rebuild that removes the old build first, as the real one does.
    const rebuild = async () => {
      rmSync(join(root, 'index.html'));
      started();
      await new Promise((r) => setTimeout(r, 300));
      writeFileSync(join(root, 'index.html'), '<title>new</title>');
      return { ok: true, output: '' };
    };
    const docs = await serveDocs({ port: 0, root, watchDir: watched, rebuild, log: () => {}, debounceMs: 20 });
    try {
      writeFileSync(join(watched, 'openapi.yaml'), 'a: 1');
      await rebuildStarted;
      const during = await fetch(docs.url);
      expect(during.status).toBe(200);
      expect(await during.text()).toBe('<title>new</title>');
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('keeps serving the last good build when a rebuild fails', async () => {
    const work = mkdtempSync(join(tmpdir(), 'klavi-docs-'));
    const lines: string[] = [];
    const docs = await serveDocs({ port: 0, watchDir: work, rebuild: () => ({ ok: false, output: 'bundle failed: boom' }), log: (l) => lines.push(l), debounceMs: 20 });
    try {
      writeFileSync(join(work, 'x.yaml'), 'a: 1');
      for (let i = 0; i < 100 && docs.rebuilds === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(lines[0]).toContain('still serving the last good build');
      expect(lines[0]).toContain('bundle failed: boom');
      expect((await fetch(docs.url)).status).toBe(200);
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('refuses to start without a build', async () => {
    await expect(serveDocs({ port: 0, root: join(tmpdir(), 'no-such-docs') })).rejects.toThrow(/index\.html does not exist: run `pnpm --filter @klavi-pay\/docs build` first/);
  });
});
