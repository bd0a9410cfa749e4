#!/usr/bin/env node
// @ts-check
// A server that misbehaves at the transport level, one way at a time: what klavi-contract must
// survive, end, and name. It works on raw TCP sockets (node:net), not an HTTP framework, so that
// it can send what no well-behaved server would: a reset, a stall, a body shorter than its
// Content-Length, a body that never ends. The tests start it in-process; by hand:
//
//   node apps/contract-tests/scripts/hostile-server.mjs --mode huge-body [--port 5799] [--after-token]
//
// With --after-token (scope 'after-token'), the token endpoints answer a well-formed token and
// only the other requests misbehave, so a run gets past its preflight into the suites.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** Each mode, and what it does to every request in its scope. */
export const MODES = {
  reset: 'resets the connection as soon as it is accepted (RST, before any byte is read)',
  'reset-after-request': 'reads the request, then resets the connection',
  silent: 'accepts the connection, reads the request, and never answers',
  'slow-body': 'sends 200 headers and a chunked JSON body of one byte every 100 ms, forever',
  'huge-body': 'answers 200 with a 50 MB JSON body (Content-Length announced)',
  'huge-chunked': 'answers 200 with a 50 MB JSON body, chunked (no Content-Length)',
  'big-bodies': 'answers 200 with a 2 MB JSON body, announced, that is valid JSON',
  'redirect-loop': 'answers 302 with a Location back to the same path',
  truncated: 'announces a Content-Length of 100 and closes after 10 bytes',
  'no-token': 'answers 200 with a JSON body that has no accessToken',
  garbage: 'answers bytes that are not HTTP',
  'close-before-answer': 'reads the request and closes the connection cleanly (FIN) without answering',
};

/** @typedef {keyof typeof MODES} Mode */

const TOKEN = JSON.stringify({
  accessToken: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  expireIn: 3600,
});
const MB = 1024 * 1024;

/**
 * The end of a request's head, or -1; and the length of its body from Content-Length. Enough HTTP
 * for what klavi-contract sends: no chunked request bodies.
 * @param {Buffer} data
 */
function requestEnd(data) {
  const head = data.indexOf('\r\n\r\n');
  if (head < 0) return -1;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(data.subarray(0, head).toString('latin1'));
  const end = head + 4 + (length ? Number(length[1]) : 0);
  return data.length >= end ? end : -1;
}

/**
 * @param {net.Socket} socket
 * @param {number} status
 * @param {Record<string, string | number>} headers
 * @param {string} [body]
 */
function answer(socket, status, headers, body = '') {
  const lines = [
    `HTTP/1.1 ${status} X`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ];
  socket.write(lines.join('\r\n'));
}

/**
 * Streams `total` bytes of a JSON string body ({"pad":"xxxx…"}) as backpressure allows.
 * @param {net.Socket} socket
 * @param {number} total
 * @param {boolean} chunked
 */
function streamJson(socket, total, chunked) {
  const open = '{"pad":"';
  const close = '"}';
  const block = Buffer.alloc(64 * 1024, 'x');
  let left = total - open.length - close.length;
  const send = (/** @type {Buffer | string} */ data) => {
    if (!chunked) return socket.write(data);
    socket.write(`${Buffer.byteLength(data).toString(16)}\r\n`);
    socket.write(data);
    return socket.write('\r\n');
  };
  socket.write(
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${chunked ? 'transfer-encoding: chunked' : `content-length: ${total}`}\r\n\r\n`,
  );
  send(open);
  const pump = () => {
    while (left > 0 && !socket.destroyed) {
      const piece = left >= block.length ? block : block.subarray(0, left);
      left -= piece.length;
      if (!send(piece)) return void socket.once('drain', pump);
    }
    if (socket.destroyed) return;
    send(close);
    if (chunked) socket.write('0\r\n\r\n');
  };
  pump();
}

/**
 * Starts the server.
 * @param {{ mode: Mode, scope?: 'all' | 'after-token', port?: number, host?: string }} options
 * @returns {Promise<{ url: string, port: number, requests: () => number, bytesSent: () => number, close: () => Promise<void> }>}
 */
export async function startHostileServer({ mode, scope = 'all', port = 0, host = '127.0.0.1' }) {
  if (!(mode in MODES)) throw new Error(`unknown mode ${mode}; one of ${Object.keys(MODES).join(', ')}`);
  let requests = 0;
  let sent = 0;
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  /** @type {Set<ReturnType<typeof setInterval>>} */
  const timers = new Set();

  /** @param {net.Socket} socket @param {string} head */
  const misbehave = (socket, head) => {
    const path = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? '/';
    switch (mode) {
      case 'reset-after-request':
        return socket.resetAndDestroy();
      case 'silent':
        return;
      case 'close-before-answer':
        return socket.end();
      case 'slow-body': {
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n1\r\n[\r\n',
        );
        const timer = setInterval(() => {
          if (socket.destroyed) {
            clearInterval(timer);
            timers.delete(timer);
          } else socket.write('1\r\n \r\n');
        }, 100);
        timers.add(timer);
        return;
      }
      case 'huge-body':
        return streamJson(socket, 50 * MB, false);
      case 'huge-chunked':
        return streamJson(socket, 50 * MB, true);
      case 'big-bodies':
        return streamJson(socket, 2 * MB, false);
      case 'redirect-loop':
        return answer(socket, 302, { location: path });
      case 'truncated':
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"id":"12"');
        return socket.end();
      case 'no-token':
        return answer(socket, 200, { 'content-type': 'application/json' }, '{"token_type":"bearer"}');
      case 'garbage':
        socket.write('SSH-2.0-OpenSSH_9.6\r\n\r\n');
        return socket.end();
      default:
        return socket.resetAndDestroy();
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sent += socket.bytesWritten;
      sockets.delete(socket);
    });
    socket.on('error', () => {});
    if (mode === 'reset' && scope === 'all') {
      requests++;
      return socket.resetAndDestroy();
    }
    let data = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      // Keep-alive: answer each request on the connection in turn.
      for (let end = requestEnd(data); end >= 0; end = requestEnd(data)) {
        const head = data.subarray(0, end).toString('latin1');
        data = data.subarray(end);
        requests++;
        if (scope === 'after-token' && /^POST \S*\/v1\/auth[ ?]/.test(head))
          answer(socket, 200, { 'content-type': 'application/json' }, TOKEN);
        else if (mode === 'reset') return socket.resetAndDestroy();
        else return misbehave(socket, head);
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {net.AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests: () => requests,
    bytesSent: () => sent + [...sockets].reduce((n, s) => n + s.bytesWritten, 0),
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string' },
      port: { type: 'string', default: '5799' },
      'after-token': { type: 'boolean', default: false },
    },
  });
  if (!values.mode || !(values.mode in MODES)) {
    process.stderr.write(
      `usage: hostile-server.mjs --mode MODE [--port N] [--after-token]\nmodes:\n${Object.entries(MODES)
        .map(([m, what]) => `  ${m.padEnd(20)} ${what}`)
        .join('\n')}\n`,
    );
    process.exit(2);
  }
  const server = await startHostileServer({
    mode: /** @type {Mode} */ (values.mode),
    scope: values['after-token'] ? 'after-token' : 'all',
    port: Number(values.port),
  });
  process.stdout.write(
    `hostile server (${values.mode}${values['after-token'] ? ', after the token' : ''}) on ${server.url}\n`,
  );
}
