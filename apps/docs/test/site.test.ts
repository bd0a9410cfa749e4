// The built site (turbo runs `build` before `test`) and the server that serves it.
import diagnostics_channel from 'node:diagnostics_channel';
import { cpSync, mkdirSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.mjs';
import { serveDocs } from '../scripts/serve.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(appDir, 'dist');
const require = createRequire(import.meta.url);

/** A scratch folder with a one-page build (`dist/index.html` holding `page`) and a watched `spec/`. */
function scratchSite(page: string): { work: string; root: string; watched: string } {
  const work = mkdtempSync(join(tmpdir(), 'klavi-docs-'));
  const root = join(work, 'dist');
  const watched = join(work, 'spec');
  mkdirSync(root);
  mkdirSync(watched);
  writeFileSync(join(root, 'index.html'), page);
  return { work, root, watched };
}

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
      expect.arrayContaining([
        'Authentication',
        'Idempotency',
        'Errors',
        'Environments',
        'Payment and consent state machines',
        'Instant payment',
        'Automatic Pix consent',
        'Code samples',
      ]),
    );
    for (const server of enriched.servers) expect(enriched.info.description).toContain(server.url);
  });

  it('has the diagrams the introduction points to', () => {
    for (const [, file] of enriched.info.description.matchAll(/\]\(\/([\w-]+\.svg)\)/g))
      expect(existsSync(join(dist, file)), file).toBe(true);
    expect([...enriched.info.description.matchAll(/\.svg\)/g)]).toHaveLength(3);
  });

  it('differs from the bundle only by the docs additions', () => {
    const bundle = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
    const strip = (doc: any) => {
      const copy = structuredClone(doc);
      delete copy.info.description;
      for (const item of Object.values<any>(copy.paths))
        for (const op of Object.values<any>(item)) delete op['x-codeSamples'];
      // A webhook's samples are also appended to its description, where the page shows them.
      for (const [name, item] of Object.entries<any>(copy.webhooks ?? {}))
        for (const [method, op] of Object.entries<any>(item)) {
          delete op['x-codeSamples'];
          const original: string = bundle.webhooks[name][method].description;
          if (op.description !== original) {
            expect(op.description.startsWith(`${original.trimEnd()}\n\n### Verify this event\n`), name).toBe(true);
            op.description = original;
          }
        }
      return copy;
    };
    expect(Object.keys(enriched.webhooks)).toEqual(Object.keys(bundle.webhooks));
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
      expect((await fetch(`${docs.url}/instant-payment-states.svg`)).headers.get('content-type')).toMatch(
        /^image\/svg\+xml/,
      );
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
    const docs = await serveDocs({
      port: 0,
      root: outDir,
      watchDir: join(work, 'spec'),
      rebuild: async () => {
        await build({ specPath, outDir });
        return { ok: true, output: '' };
      },
      log: (l) => lines.push(l),
      debounceMs: 50,
    });
    try {
      const spec = JSON.parse(readFileSync(specPath, 'utf8'));
      spec.info.title = 'Klavi Pay API, edited';
      writeFileSync(specPath, JSON.stringify(spec));
      for (let i = 0; i < 600 && docs.rebuilds === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(docs.rebuilds).toBe(1);
      expect(lines[0]).toMatch(/^rebuilt the docs after a change to openapi\.json/);
      expect((await (await fetch(docs.url)).text()).includes('<title>Klavi Pay API, edited reference</title>')).toBe(
        true,
      );
      // Editors often save by writing a new file and renaming it over the old one.
      spec.info.title = 'Klavi Pay API, saved by rename';
      writeFileSync(`${specPath}.tmp`, JSON.stringify(spec));
      renameSync(`${specPath}.tmp`, specPath);
      // Waits for the rebuild (a slow machine may take a while); requests during it are held, not reset.
      for (let i = 0; i < 600 && docs.rebuilds < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(docs.rebuilds).toBe(2);
      expect(
        (await (await fetch(docs.url)).text()).includes('<title>Klavi Pay API, saved by rename reference</title>'),
      ).toBe(true);
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('holds a request made during a rebuild until the new build is complete, instead of serving a half-written one', async () => {
    const { work, root, watched } = scratchSite('<title>old</title>');
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

  it('rebuilds again for a save made while the last one is being rebuilt (chokidar alone drops it)', async () => {
    const { work, root, watched } = scratchSite('<title>old</title>');
    const file = join(watched, 'openapi.yaml');
    // The file is there before the watch starts: each save is a change, not an addition.
    writeFileSync(file, 'a: 0');
    const seen: string[] = [];
    const rebuild = async () => {
      seen.push(readFileSync(file, 'utf8'));
      // The second save comes within milliseconds of the watcher's event for the first.
      if (seen.length === 1) writeFileSync(file, 'a: 2');
      return { ok: true, output: '' };
    };
    const docs = await serveDocs({ port: 0, root, watchDir: watched, rebuild, log: () => {}, debounceMs: 20 });
    try {
      writeFileSync(file, 'a: 1');
      await expect.poll(() => seen.at(-1), { timeout: 15_000 }).toBe('a: 2');
      expect(seen[0]).toBe('a: 1');
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('does not rebuild for what a build or an install writes under the watched folder', async () => {
    const { work, root, watched } = scratchSite('<title>old</title>');
    for (const folder of ['dist', 'node_modules', '.turbo']) mkdirSync(join(watched, folder), { recursive: true });
    const lines: string[] = [];
    const docs = await serveDocs({
      port: 0,
      root,
      watchDir: watched,
      rebuild: async () => ({ ok: true, output: '' }),
      log: (line) => lines.push(line),
      debounceMs: 20,
    });
    try {
      for (const folder of ['dist', 'node_modules', '.turbo']) writeFileSync(join(watched, folder, 'x.json'), '{}');
      writeFileSync(join(watched, 'openapi.yaml'), 'a: 3');
      await expect.poll(() => lines.length, { timeout: 15_000 }).toBeGreaterThan(0);
      // Only the source's save is named (one save may make more than one burst of events).
      for (const line of lines) expect(line).toMatch(/^rebuilt the docs after a change to openapi\.yaml \(\d+ ms\)$/);
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('keeps a kept-alive connection usable across a rebuild that blocks the event loop for longer than the keep-alive timeout', async () => {
    // The rebuild in "rebuilds when a watched spec file changes" runs `redocly build-docs` with
    // execFileSync, in this process, so it blocks the event loop that also runs the server and
    // fetch; turboRebuild blocks the server the same way with spawnSync. Here the rebuild blocks
    // until the idle connection's keep-alive timer is overdue, with durations set by options
    // rather than by the machine's load.
    const keepAliveTimeout = 3_000; // advertised as `Keep-Alive: timeout=3`: fetch (undici) reuses an idle connection for 2 s
    const { work, root, watched } = scratchSite('<title>old</title>');
    let idleSince = 0;
    const rebuild = () => {
      // Node closes an idle connection keepAliveTimeout ms after its last response (plus a 1 s
      // margin in recent versions, 20.20 among them): block until half a second after that.
      const deadline = idleSince + keepAliveTimeout + 1_000 + 500;
      const blocked = new Int32Array(new SharedArrayBuffer(4));
      for (let left = deadline - performance.now(); left > 0; left = deadline - performance.now())
        Atomics.wait(blocked, 0, 0, left);
      writeFileSync(join(root, 'index.html'), '<title>new</title>');
      return { ok: true, output: '' };
    };
    // The server's own record of the connection that carried each request.
    const connections: Socket[] = [];
    const onRequest = (message: unknown) => connections.push((message as { socket: Socket }).socket);
    diagnostics_channel.subscribe('http.server.request.start', onRequest);
    const docs = await serveDocs({
      port: 0,
      root,
      watchDir: watched,
      rebuild,
      log: () => {},
      debounceMs: 20,
      keepAliveTimeout,
    });
    try {
      expect(await (await fetch(docs.url)).text()).toBe('<title>old</title>');
      idleSince = performance.now();
      writeFileSync(join(watched, 'openapi.yaml'), 'a: 1');
      for (let i = 0; i < 600 && docs.rebuilds === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(docs.rebuilds).toBe(1);
      // The connection's idle timer runs again once the rebuild is over: idle connections still expire.
      expect(connections[0]?.timeout, 'the idle timer after the rebuild').toBeGreaterThanOrEqual(keepAliveTimeout);
      // fetch still counts the connection as fresh (its idle clock did not run while the loop was
      // blocked) and sends this request on it at once.
      expect(await (await fetch(docs.url)).text()).toBe('<title>new</title>');
      expect(connections, 'both requests on one kept-alive connection').toHaveLength(2);
      expect(connections[1], 'both requests on one kept-alive connection').toBe(connections[0]);
    } finally {
      diagnostics_channel.unsubscribe('http.server.request.start', onRequest);
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('gives a request held on a kept-alive connection no idle timeout when the rebuild ends', async () => {
    const { work, root, watched } = scratchSite('<title>page</title>');
    const connections: Socket[] = [];
    let secondArrived!: () => void;
    const held = new Promise<void>((resolve) => (secondArrived = resolve));
    const onRequest = (message: unknown) =>
      connections.push((message as { socket: Socket }).socket) === 2 && secondArrived();
    let started!: () => void;
    const rebuildStarted = new Promise<void>((resolve) => (started = resolve));
    // The rebuild ends once the server holds the second request.
    const rebuild = async () => {
      started();
      await held;
      return { ok: true, output: '' };
    };
    // Called when the rebuild is over, before the held request is answered.
    let timeoutWhenRebuilt: number | undefined;
    diagnostics_channel.subscribe('http.server.request.start', onRequest);
    const docs = await serveDocs({
      port: 0,
      root,
      watchDir: watched,
      rebuild,
      log: () => (timeoutWhenRebuilt = connections[0]?.timeout),
      debounceMs: 20,
    });
    try {
      expect(await (await fetch(docs.url)).text()).toBe('<title>page</title>');
      writeFileSync(join(watched, 'openapi.yaml'), 'a: 1');
      await rebuildStarted;
      expect(await (await fetch(docs.url)).text()).toBe('<title>page</title>');
      expect(connections[1], 'both requests on one kept-alive connection').toBe(connections[0]);
      expect(timeoutWhenRebuilt, 'the connection is busy: no idle timer').toBe(0);
    } finally {
      diagnostics_channel.unsubscribe('http.server.request.start', onRequest);
      secondArrived();
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('forgets a request whose reader left while it was held, so the next rebuild still runs', async () => {
    const { work, root, watched } = scratchSite('<title>page</title>');
    let started!: () => void;
    const rebuildStarted = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const firstRebuild = new Promise<void>((resolve) => (finish = resolve));
    // The first rebuild lasts until the test ends it; the next ones end at once.
    const rebuild = async () => {
      started();
      await firstRebuild;
      return { ok: true, output: '' };
    };
    let arrived!: (socket: Socket) => void;
    const requestArrived = new Promise<Socket>((resolve) => (arrived = resolve));
    const onRequest = (message: unknown) => arrived((message as { socket: Socket }).socket);
    diagnostics_channel.subscribe('http.server.request.start', onRequest);
    const docs = await serveDocs({ port: 0, root, watchDir: watched, rebuild, log: () => {}, debounceMs: 20 });
    try {
      writeFileSync(join(watched, 'openapi.yaml'), 'a: 1');
      await rebuildStarted;
      const held = request(docs.url);
      held.on('error', () => {});
      held.end();
      const serverSide = await requestArrived;
      // The reader leaves (a second reload) while its request is held.
      held.destroy();
      if (!serverSide.destroyed) await new Promise((resolve) => serverSide.once('close', resolve));
      finish();
      for (let i = 0; i < 600 && docs.rebuilds === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(docs.rebuilds).toBe(1);
      writeFileSync(join(watched, 'openapi.yaml'), 'a: 2');
      for (let i = 0; i < 600 && docs.rebuilds === 1; i++) await new Promise((r) => setTimeout(r, 10));
      expect(docs.rebuilds, 'the second rebuild ran').toBe(2);
      expect((await fetch(docs.url)).status).toBe(200);
    } finally {
      diagnostics_channel.unsubscribe('http.server.request.start', onRequest);
      finish();
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('keeps serving the last good build when a rebuild fails', async () => {
    const work = mkdtempSync(join(tmpdir(), 'klavi-docs-'));
    const lines: string[] = [];
    const docs = await serveDocs({
      port: 0,
      watchDir: work,
      rebuild: () => ({ ok: false, output: 'bundle failed: boom' }),
      log: (l) => lines.push(l),
      debounceMs: 20,
    });
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

  it('takes a rebuild that throws as a failed one, and goes on answering', async () => {
    const work = mkdtempSync(join(tmpdir(), 'klavi-docs-'));
    const lines: string[] = [];
    const rebuild = async () => {
      throw new Error('redocly exited 1');
    };
    const docs = await serveDocs({ port: 0, watchDir: work, rebuild, log: (l) => lines.push(l), debounceMs: 20 });
    try {
      writeFileSync(join(work, 'x.yaml'), 'a: 1');
      for (let i = 0; i < 100 && docs.rebuilds === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(docs.rebuilds).toBe(1);
      expect(lines[0]).toContain('still serving the last good build');
      expect(lines[0]).toContain('redocly exited 1');
      expect((await fetch(docs.url, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
    } finally {
      await docs.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('refuses to start without a build', async () => {
    await expect(serveDocs({ port: 0, root: join(tmpdir(), 'no-such-docs') })).rejects.toThrow(
      /index\.html does not exist: run `pnpm --filter @klavi-pay\/docs build` first/,
    );
  });
});
