// klavi-contract against servers that misbehave at the transport level (scripts/hostile-server.mjs):
// every run ends within its deadlines, fails, and names what went wrong; and what a run keeps of
// the answers stays bounded whatever the server sends.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '@klavi-pay/sandbox';
import { main, runContract, type RunReport } from '../src/index.js';
import { STORED_BODY_CHARS } from '../src/exchange.js';
import { startHostileServer, type HostileServer, type Mode } from '../scripts/hostile-server.mjs';

const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;
const MANAGEMENT = DEMO_CREDENTIALS.ManagementBearer[0]!;
const BIN = fileURLToPath(new URL('../bin/klavi-contract.js', import.meta.url));
const KEYS = [
  '--access-key',
  CUSTOMER.accessKey,
  '--secret-key',
  CUSTOMER.secretKey,
  '--management-access-key',
  MANAGEMENT.accessKey,
  '--management-secret-key',
  MANAGEMENT.secretKey,
];

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The CLI's own entry point, with its output captured. */
async function cli(baseUrl: string, flags: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = {
    write: (s: string) => {
      out += s;
      return true;
    },
  };
  const code = await main(['--base-url', baseUrl, ...KEYS, '--seed', '1', '--quiet', ...flags], {
    out: sink as never,
    err: sink as never,
  });
  return { code, out };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('every request of the run hostile, the token request included', () => {
  // The run stops at its first request and the reason names what the server did.
  const expected: Array<[Mode, RegExp]> = [
    ['reset', /the connection was reset \(ECONNRESET\) before any response arrived/],
    ['reset-after-request', /the connection was reset \(ECONNRESET\)/],
    ['silent', /timed out: no response headers arrived within the request timeout of 0\.5 s \(--request-timeout\)/],
    [
      'slow-body',
      /timed out: the body was not complete \(\d+ bytes had arrived\) within the request timeout of 0\.5 s/,
    ],
    [
      'huge-body',
      /the body is too large: its Content-Length announces 52428800 bytes, over the cap of 1048576 \(--max-response-size\); not read/,
    ],
    ['huge-chunked', /the body is too large: more than 1048576 bytes \(--max-response-size\); reading stopped there/],
    [
      'redirect-loop',
      /answered 302, a redirect to \/payment\/customer\/v1\/auth: klavi-contract does not follow redirects/,
    ],
    [
      'truncated',
      /the body was cut short: the server closed the connection after 10 bytes of the 100 its Content-Length announced/,
    ],
    ['no-token', /the CustomerBearer token answer has no accessToken string \(its fields: token_type\)/],
    ['garbage', /the answer is not valid HTTP\/1\.1 \(HPE_/],
    ['close-before-answer', /the server closed the connection before sending a response/],
  ];

  it.each(expected)('%s: exits 1 and says why', async (mode, reason) => {
    server = await startHostileServer({ mode });
    const { code, out } = await cli(server.url, [
      '--request-timeout',
      '0.5',
      '--max-response-size',
      '1MB',
      '--max-time',
      '60',
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /^run stopped: the run stopped at its first request: the CustomerBearer token (request got no answer|request answered|answer)/m,
    );
    expect(out).toMatch(reason);
    expect(out).not.toMatch(/fetch failed|terminated/);
  });

  it('a refused connection', async () => {
    const { code, out } = await cli(`http://127.0.0.1:${await closedPort()}`, []);
    expect(code).toBe(1);
    expect(out).toMatch(/the connection was refused \(ECONNREFUSED\): nothing listens at that address/);
  });

  it('TLS spoken to a server that does not speak it', async () => {
    // A plain HTTP server that answers whatever arrives, a TLS ClientHello included.
    const plain = createServer((socket) =>
      socket.on('error', () => {}).end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'),
    );
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const { port } = plain.address() as { port: number };
    const { code, out } = await cli(`https://127.0.0.1:${port}`, ['--request-timeout', '5']).finally(() =>
      plain.close(),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/the TLS handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER\)/);
  });
});

describe('past the preflight, the rest of the run hostile', () => {
  const certify = (options: Parameters<typeof runContract>[0]) =>
    runContract({ credentials: CUSTOMER, managementCredentials: MANAGEMENT, seed: 1, ...options });

  it('a server that stops answering ends the run after ten requests in a row got nothing', async () => {
    server = await startHostileServer({ mode: 'silent', scope: 'after-token' });
    const report = await certify({ baseUrl: server.url, requestTimeoutMs: 200, maxTimeMs: 60_000 });
    expect(report.stopped).toMatch(
      /^10 requests in a row got no complete answer from the server; the last: timed out: no response headers arrived within the request timeout of 0\.2 s/,
    );
    // Nothing recorded after the stop: the results are the requests that were made, each named.
    const failures = report.results.filter((r) => r.outcome === 'fail');
    expect(failures.length).toBeGreaterThanOrEqual(10);
    expect(failures.every((r) => !/run-stopped|not completed/.test(r.message ?? ''))).toBe(true);
  });

  it('--max-time ends a run whose requests each stay within their own deadline', async () => {
    server = await startHostileServer({ mode: 'slow-body', scope: 'after-token' });
    const { code, out } = await cli(server.url, ['--request-timeout', '600', '--max-time', '2']);
    expect(code).toBe(1);
    expect(out).toMatch(/^run stopped: the run took longer than its --max-time of 2 s$/m);
  });

  it('keeps a clipped copy of each body, whole for the checks but not for the report', async () => {
    server = await startHostileServer({ mode: 'big-bodies', scope: 'after-token' });
    const report: RunReport = await certify({ baseUrl: server.url, only: ['flow'], maxTimeMs: 60_000 });
    const big = report.exchanges.filter((e) => e.response && e.response.bytes === 2 * 1024 * 1024);
    expect(big.length).toBeGreaterThan(0);
    for (const exchange of big) expect(exchange.response!.body.length).toBeLessThanOrEqual(STORED_BODY_CHARS + 1);
    // The checks saw the whole body: a 2 MB {"pad": …} is valid JSON that fails the schema, not the parser.
    expect(
      report.results.some(
        (r) =>
          r.check === 'response_schema_conformance' && r.outcome === 'fail' && !/not valid JSON/.test(r.message ?? ''),
      ),
    ).toBe(true);
  });

  it('keeps memory bounded: after a run of 2 MB answers the heap holds a small share of what arrived', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    server = await startHostileServer({ mode: 'big-bodies', scope: 'after-token' });
    gc();
    const before = process.memoryUsage().heapUsed;
    // About 80 answers of 2 MB: enough that keeping them whole (160 MB) cannot pass for noise, few
    // enough to stay quick when every package's tests share the machine (250 took 30 s there).
    const report = await certify({
      baseUrl: server.url,
      only: ['negative/createInstantPayment/PIX_DICT/body.c*/**'],
      maxTimeMs: 60_000,
    });
    const received = report.exchanges.reduce((n, e) => n + (e.response?.bytes ?? 0), 0);
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    expect(received).toBeGreaterThan(100 * 1024 * 1024);
    // The report is still referenced here: what it holds is what a run keeps.
    expect(report.exchanges.length).toBeGreaterThan(50);
    expect(kept).toBeLessThan(received / 10);
  }, 60_000);

  it('an answer over the cap fails its check with its size; ten in a row end the run', async () => {
    server = await startHostileServer({ mode: 'huge-chunked', scope: 'after-token' });
    const report = await certify({ baseUrl: server.url, maxResponseBytes: 1024 * 1024, maxTimeMs: 60_000 });
    const tooLarge = report.results.filter(
      (r) =>
        r.check === 'not_a_server_error' &&
        /^status 200 arrived, but the body is too large: more than 1048576 bytes/.test(r.message ?? ''),
    );
    expect(tooLarge.length).toBe(10);
    expect(report.stopped).toMatch(
      /^10 requests in a row got no complete answer from the server; the last: the body is too large/,
    );
    for (const exchange of report.exchanges)
      expect(exchange.response?.body.length ?? 0).toBeLessThanOrEqual(STORED_BODY_CHARS + 1);
  });
});

describe('the klavi-contract process', () => {
  it('exits 1, not 0, against a server that resets every connection', async () => {
    server = await startHostileServer({ mode: 'reset' });
    // Node 20's fetch now and then never settles after a reset at connect (about 1 request in 20,
    // with the server in another process): the request deadline ends such a request, which then
    // reads as a timeout. Both ways, the run must stop and exit 1.
    const child = spawn(
      process.execPath,
      [BIN, '--base-url', server.url, ...KEYS, '--seed', '1', '--quiet', '--request-timeout', '3'],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(out).toMatch(
      /run stopped: the run stopped at its first request: the CustomerBearer token request got no answer: (the connection was reset|timed out: no response headers arrived within the request timeout of 3 s)/,
    );
  });
});
