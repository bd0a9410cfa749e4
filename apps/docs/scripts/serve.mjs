// Serves the built docs on localhost, and with --watch rebuilds them whenever a file under spec/
// changes, so that editing the spec and reloading the page shows the change.
// Usage: node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--watch]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sirv from 'sirv';
import { watchFiles } from '../../../spec/scripts/source-watcher.mjs';

/** @import { AddressInfo, Socket } from 'node:net' */
/** @import { SourceWatcher } from '../../../spec/scripts/source-watcher.mjs' */

/**
 * What a rebuild reports: whether it succeeded, and what it printed.
 * @typedef {{ ok: boolean, output: string }} RebuildResult
 */
/**
 * @typedef {object} ServeOptions
 * @property {number} [port] 8080 by default; 0 picks a free one.
 * @property {string} [host] 127.0.0.1 by default.
 * @property {string} [root] The built site, dist/ by default.
 * @property {string} [watchDir] A folder whose changes trigger a rebuild; none by default.
 * @property {() => RebuildResult | Promise<RebuildResult>} [rebuild] turboRebuild by default.
 * @property {(line: string) => void} [log] console.log by default.
 * @property {number} [debounceMs] How long a burst of changes is waited out before a rebuild, in ms (250).
 * @property {number} [keepAliveTimeout] How long an idle kept-alive connection stays open, in ms (Node's default, 5000); the tests shorten it.
 * @property {ReturnType<typeof import('./live.mjs').createLiveChannel>} [live] `pnpm dev`'s live
 *   channel: the page gets its client, and its routes (events, newest document, diagrams) are answered.
 */
/**
 * The running server: its `url`, the number of `rebuilds` run so far (failed ones included), and
 * `close()`, which stops watching and serving and ends every connection.
 * @typedef {{ url: string, readonly rebuilds: number, close(): Promise<void> }} DocsServer
 */

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(appDir, '..', '..');
/** Generated or irrelevant paths under spec/ that must not trigger a rebuild (the bundle writes dist/). */
const IGNORED = /(^|\/)(dist|node_modules|test-results|\.turbo)(\/|$)/;

/**
 * The production rebuild: `pnpm build` for the docs and what they read (scripts/build.mjs), in a
 * child process the server does not wait on, so it goes on answering meanwhile.
 * @returns {Promise<RebuildResult>}
 */
export function turboRebuild() {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'scripts', 'build.mjs'), '--filter=@klavi-pay/docs...', '--output-logs=errors-only'],
      { cwd: repoRoot, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output = `${output}${chunk}`.slice(-65_536)));
    child.stderr.on('data', (chunk) => (output = `${output}${chunk}`.slice(-65_536)));
    child.on('error', (error) => resolve({ ok: false, output: error.message }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/**
 * Serves `root`; with `watchDir`, calls `rebuild` once per burst of changes (debounced), and keeps
 * serving the last good build when a rebuild fails.
 * @param {ServeOptions} [options]
 * @returns {Promise<DocsServer>}
 */
export async function serveDocs({
  port = 8080,
  host = '127.0.0.1',
  root = join(appDir, 'dist'),
  watchDir,
  rebuild = turboRebuild,
  log = console.log,
  debounceMs = 250,
  keepAliveTimeout = 5_000,
  live,
} = {}) {
  if (!existsSync(join(root, 'index.html')))
    throw new Error(
      `${relative(process.cwd(), root)}/index.html does not exist: run \`pnpm --filter @klavi-pay/docs build\` first`,
    );
  // single: Redoc routes by path (/instant-payment/…), so every unknown path gets the page.
  // gzip, brotli: the build writes index.html.gz and .br, sent to a browser that accepts them.
  const files = sirv(root, { dev: true, single: true, gzip: true, brotli: true });
  // The page as the last build wrote it, read again when the build replaces it; a build in the
  // background may be swapping dist/ at that moment, and then the copy read before still serves.
  /** @type {{ mtimeMs: number, html: string } | undefined} */
  let shell;
  const pageShell = () => {
    try {
      const file = join(root, 'index.html');
      const { mtimeMs } = statSync(file);
      if (shell?.mtimeMs !== mtimeMs) shell = { mtimeMs, html: readFileSync(file, 'utf8') };
    } catch (error) {
      if (!shell) throw error;
    }
    return shell.html;
  };
  /** A request for the page: `/`, index.html, or a path of Redoc's (no file extension). */
  const isPage = (/** @type {import('node:http').IncomingMessage} */ req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    return path === '/' || path.endsWith('/index.html') || !/\.[a-z0-9]+$/i.test(path);
  };
  // A rebuild replaces the files under `root`. A request must not be served from a half-written
  // build, nor have its file removed between sirv's stat and its read (the reader then sees the
  // connection reset): requests wait while a rebuild runs, and a rebuild waits for the requests in
  // flight to finish.
  /** @type {Promise<unknown> | undefined} */
  let rebuilding;
  let inFlight = 0;
  /** @type {Array<() => void>} */
  const idle = [];
  /** @returns {Promise<void>} */
  const whenIdle = () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve)));
  // Node closes a kept-alive connection keepAliveTimeout ms after its last response, with a timer
  // on the socket; browsers and fetch (undici) reuse the connection until then. A rebuild run in
  // this process may block the event loop for longer than that (build.mjs runs redocly with
  // execFileSync; turboRebuild runs in a child and does not). The timer then fires late, when the reader may already have sent
  // its next request on the connection: a browser at any moment of the rebuild, a fetch in this
  // process just after it (undici's idle clock stands still while the loop is blocked). Closing a
  // socket with an unread request resets it, and the reader gets ECONNRESET. So idle connections
  // do not expire during a rebuild: their timers stop when it starts, and start afresh when it ends.
  /** @type {Set<Socket>} */
  const sockets = new Set();
  /**
   * Requests begun on a connection and not yet answered, held ones included.
   * @type {WeakMap<Socket, number>}
   */
  const requests = new WeakMap();
  const stopIdleTimers = () => {
    /** @type {Map<Socket, number>} */
    const stopped = new Map();
    // Only an idle kept-alive connection has a timeout: Node clears it when a request arrives.
    for (const socket of sockets) {
      if (socket.timeout && !requests.has(socket)) {
        stopped.set(socket, socket.timeout);
        socket.setTimeout(0);
      }
    }
    return () => {
      for (const [socket, ms] of stopped)
        if (!socket.destroyed && !socket.timeout && !requests.has(socket)) socket.setTimeout(ms);
    };
  };
  const server = createServer(async (req, res) => {
    const socket = req.socket;
    requests.set(socket, (requests.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (requests.get(socket) ?? 0) - 1;
      if (left > 0) requests.set(socket, left);
      else requests.delete(socket);
    });
    while (rebuilding) await rebuilding;
    // A reader may leave while its request is held (a second reload): then there is nothing to
    // answer, and counting it would leave the next rebuild waiting for a 'close' already emitted.
    if (res.destroyed || socket.destroyed) return;
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    });
    if (live) {
      if (live.handle(req, res)) return;
      if (isPage(req)) {
        const html = live.shell(pageShell());
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : html);
        return;
      }
    }
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('Not found');
    });
  });
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  );
  // Listening on a TCP port, the address is an AddressInfo (a string only for a pipe or socket file).
  const url = `http://${host}:${/** @type {AddressInfo} */ (server.address()).port}`;

  /** @type {SourceWatcher | undefined} */
  let watcher;
  let builds = 0;
  if (watchDir) {
    // The watcher the spec's watches use: it loses no save (see spec/scripts/source-watcher.mjs).
    watcher = watchFiles(watchDir, ['.'], () => true, {
      debounceMs,
      skip: (path) => IGNORED.test(path),
      onError: (error) => log(`watching ${watchDir}: ${error.message}`),
      onChange: async (changed) => {
        const file = changed.join(', ');
        const started = performance.now();
        /** @type {Promise<RebuildResult>} */
        const run = (async () => {
          await whenIdle();
          const restartIdleTimers = stopIdleTimers();
          try {
            return await rebuild();
          } catch (error) {
            // A rebuild that throws is a failed rebuild: requests held behind it must still be answered.
            return { ok: false, output: error instanceof Error ? (error.stack ?? error.message) : String(error) };
          } finally {
            restartIdleTimers();
          }
        })();
        rebuilding = run;
        const result = await run;
        rebuilding = undefined;
        builds++;
        if (result.ok)
          log(`rebuilt the docs after a change to ${file} (${Math.round(performance.now() - started)} ms)`);
        else log(`the docs could not be rebuilt; still serving the last good build:\n${result.output}`);
      },
    });
    await watcher.ready;
  }
  return {
    url,
    get rebuilds() {
      return builds;
    },
    close: () =>
      new Promise((resolve) => {
        void watcher?.close();
        live?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      watch: { type: 'boolean', default: false },
    },
  });
  const docs = await serveDocs({
    port: Number(values.port),
    host: values.host,
    ...(values.watch ? { watchDir: join(repoRoot, 'spec') } : {}),
  });
  console.log(
    `Klavi Pay API reference on ${docs.url}${values.watch ? ' (rebuilt whenever spec/ changes; reload the page)' : ''}`,
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => docs.close().then(() => process.exit(0)));
}
