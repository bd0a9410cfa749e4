// The live channel of `pnpm dev`: it holds the newest good page document and the problems of the
// newest save, and pushes both to every open page over server-sent events, where
// live-client.js re-renders Redoc in place (no reload) and shows the problems as an overlay.
//
//   GET /__dev/events          the event stream: `document` {version}, `problems` {problems},
//                              `build` {state, summary}; the current state on connect
//   GET /__dev/document.json   the newest good page document (and /openapi.json, the download)
//   GET /<diagram>.svg         the newest diagrams, from memory
// The page shell (dist/index.html) gets the client script and a handle on Redoc's `init`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */

const CLIENT = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'live-client.js'), 'utf8');
/** Where Redoc's standalone page starts itself: the live client needs its `init` to re-render. */
const HYDRATE = "hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));";
/** A comment every 15 s keeps proxies and idle timers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Open pages at most; a further one is answered 503 rather than held. */
export const MAX_STREAMS = 64;

/**
 * @typedef {{ tool: string, severity: string, file: string, line: number, column: number, message: string, rule: string }} LiveProblem
 * @typedef {{ state: 'running' | 'ok' | 'failed', summary: string }} BuildState
 */

/** The version of a page document: what the build writes for it (dist/openapi.json), hashed. */
export const versionOf = (/** @type {string} */ text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
/** @param {unknown} spec */
export const documentText = (spec) => `${JSON.stringify(spec, null, 2)}\n`;

export function createLiveChannel() {
  /** @type {Set<ServerResponse>} */
  const streams = new Set();
  /** @type {{ version: string, text: string } | undefined} */
  let current;
  /** @type {Map<string, string>} */
  let diagrams = new Map();
  /** @type {LiveProblem[]} */
  let problems = [];
  /** @type {BuildState | undefined} */
  let build;

  const send = (/** @type {ServerResponse} */ res, /** @type {string} */ event, /** @type {unknown} */ data) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const broadcast = (/** @type {string} */ event, /** @type {unknown} */ data) => {
    for (const res of streams) send(res, event, data);
  };
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    /**
     * A new good document: every page renders it.
     * @param {unknown} spec
     * @param {Array<{ file: string, svg: string }>} svgs
     */
    publish(spec, svgs) {
      const text = documentText(spec);
      const version = versionOf(text);
      diagrams = new Map(svgs.map(({ file, svg }) => [`/${file}`, svg]));
      if (current?.version === version) return version;
      current = { version, text };
      broadcast('document', { version });
      return version;
    },
    /** @param {LiveProblem[]} list what stops the newest save, or nothing */
    setProblems(list) {
      problems = list;
      broadcast('problems', { problems });
    },
    /** @param {BuildState} state */
    setBuild(state) {
      build = state;
      broadcast('build', state);
    },
    get version() {
      return current?.version;
    },
    get streams() {
      return streams.size;
    },
    /**
     * The page shell with the live client in it. The shell's own document is the one it was
     * built with; the client swaps in the newest as soon as it connects.
     * @param {string} html
     */
    shell(html) {
      const exposed = html.includes(HYDRATE)
        ? html.replace(HYDRATE, `window.__klaviRedoc = { init, options: __redoc_options };\n      ${HYDRATE}`)
        : html;
      const at = exposed.lastIndexOf('</body>');
      const script = `<script>${CLIENT.replace(/<\/script/gi, '<\\/script')}</script>`;
      return at < 0 ? `${exposed}${script}` : `${exposed.slice(0, at)}${script}${exposed.slice(at)}`;
    },
    /**
     * Answers the live routes; false for any other request.
     * @param {IncomingMessage} req
     * @param {ServerResponse} res
     */
    handle(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (path === '/__dev/events') {
        if (streams.size >= MAX_STREAMS) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
          res.end(`More than ${MAX_STREAMS} pages are open on this dev server.`);
          return true;
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        // Reconnect within a second when the dev server restarts.
        res.write('retry: 1000\n\n');
        streams.add(res);
        res.once('close', () => streams.delete(res));
        if (current) send(res, 'document', { version: current.version });
        send(res, 'problems', { problems });
        if (build) send(res, 'build', build);
        return true;
      }
      if (path === '/__dev/document.json' || (path === '/openapi.json' && current)) {
        if (!current) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('No good document yet: see the terminal.');
          return true;
        }
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'x-document-version': current.version,
        });
        res.end(req.method === 'HEAD' ? undefined : current.text);
        return true;
      }
      const svg = diagrams.get(path);
      if (svg !== undefined) {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : svg);
        return true;
      }
      return false;
    },
    close() {
      clearInterval(heartbeat);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
