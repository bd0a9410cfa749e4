// Sandbox suite: our stateful simulator against Prism's mock, both serving the bundled spec,
// under the same autocannon load: create an instant payment, then read its status.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CREDENTIALS } from '@klavi-pay/sandbox';
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { CREATE_PATH, TOKEN_PATH } from '../programs/types.js';
import { formatBytes, formatCount, formatMs, formatRatio, median, pairedRatio, rounds } from '../stats.js';
import { freePort, startServer, type RunningServer } from '../process.js';
import { interleave, type Suite } from '../suite.js';
import { binPath, examplePaymentBody, packageVersion, REPO_ROOT, SPEC_YAML } from '../workspace.js';

const CONNECTIONS = 10;

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface ServerUnderTest {
  name: string;
  start(): Promise<RunningServer>;
}

/** `klavi-sandbox` in its own process, on a free port, without a log line per request. */
export function startSandboxProcess(
  extraArgs: readonly string[] = [],
  { heapFile }: { heapFile?: string } = {},
): Promise<RunningServer> {
  const probe = heapFile ? ['--expose-gc', '-r', HEAP_PROBE] : [];
  return startServer(
    process.execPath,
    [...probe, binPath('@klavi-pay/sandbox', 'klavi-sandbox'), '--port', '0', '--quiet', ...extraArgs],
    {
      cwd: REPO_ROOT,
      ready: /listening on (http:\/\/\S+)/,
      ...(heapFile ? { env: { ...process.env, KLAVI_BENCH_HEAP_FILE: heapFile } } : {}),
    },
  );
}

const HEAP_PROBE = join(REPO_ROOT, 'bench', 'src', 'heap-probe.cjs');

/** `klavi-sandbox --data` on a fresh file, which is removed once the server stops. */
async function startPersistentSandbox(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'klavi-bench-data-'));
  const server = await startSandboxProcess(['--data', join(dir, 'sandbox.mdb')]);
  return { ...server, stop: () => server.stop().finally(() => rmSync(dir, { recursive: true, force: true })) };
}

export const SERVERS: readonly ServerUnderTest[] = [
  { name: '@klavi-pay/sandbox', start: startSandboxProcess },
  { name: '@klavi-pay/sandbox --data', start: startPersistentSandbox },
  {
    name: 'Prism mock',
    start: async () => {
      const port = await freePort();
      // --verboseLevel warn: no log line per request, as the sandbox runs with --quiet.
      return startServer(
        process.execPath,
        [
          binPath('@stoplight/prism-cli', 'prism'),
          'mock',
          SPEC_YAML,
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--verboseLevel',
          'warn',
        ],
        {
          cwd: REPO_ROOT,
          ready: { poll: `http://127.0.0.1:${port}${TOKEN_PATH}` },
          timeoutMs: 120_000,
        },
      );
    },
  },
];

async function token(
  baseUrl: string,
  scheme: 'CustomerBearer' | 'ManagementBearer' = 'CustomerBearer',
): Promise<string> {
  const [pair] = DEMO_CREDENTIALS[scheme];
  const path = scheme === 'CustomerBearer' ? TOKEN_PATH : '/payment/management/v1/auth';
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKey: pair!.accessKey, secretKey: pair!.secretKey }),
  });
  if (!response.ok) throw new Error(`${baseUrl}${path} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

let sequence = 0;

/**
 * Each connection creates a payment, then reads the status of the payment it just created, for
 * `seconds`, or until `amount` requests are answered (what a test asks: it must not depend on how
 * fast a shared machine is).
 */
export async function createThenStatus(
  baseUrl: string,
  seconds: number,
  { amount }: { amount?: number } = {},
): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${await token(baseUrl)}`, 'content-type': 'application/json' };
  const body = examplePaymentBody();
  const run = ++sequence;
  let counter = 0;
  const requests: CannonRequest[] = [
    {
      method: 'POST',
      path: CREATE_PATH,
      headers,
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ ...body, clientRequestId: `bench-${process.pid}-${run}-${++counter}` }),
      }),
      onResponse: (status, responseBody, context) => {
        if (status === 200) (context as { id?: string }).id = (JSON.parse(responseBody) as { id: string }).id;
      },
    },
    {
      method: 'GET',
      headers: { authorization: headers.authorization },
      setupRequest: (request, context) => ({
        ...request,
        path: `${CREATE_PATH}/${String((context as { id?: string }).id)}/status`,
      }),
    },
  ];
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    // With an amount (the tests), every answer counts and none is timed: on a machine whose cores
    // other test files share, a slow answer is still an answer (autocannon's default gives up
    // after 10 s and counts a timeout). The bench's timed runs keep the default.
    ...(amount ? { amount, timeout: 120 } : { duration: seconds }),
    requests,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** The physical limit of this machine and settings: a bare node:http server answering "hello". */
const HELLO_WORLD = `const server = require('node:http').createServer((request, response) => response.end('hello'));
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));`;

export function startHelloWorld(): Promise<RunningServer> {
  return startServer(process.execPath, ['-e', HELLO_WORLD], { cwd: REPO_ROOT, ready: /listening on (http:\/\/\S+)/ });
}

/** GET / under the same load as the sandbox suite. */
export async function helloWorldLoad(baseUrl: string, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url: baseUrl, connections: CONNECTIONS, duration: seconds });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export interface VolumeRow extends Memory {
  stored: number;
  /** Mean and p99 time of one Management orders page (pageSize 20), one connection at a time. */
  pageMs: number;
  pageP99: number;
}

/** What a probed sandbox holds: the RSS as it is, then the heap and RSS right after a full GC. */
export interface Memory {
  rssBytes: number;
  heapAfterGcBytes: number;
  rssAfterGcBytes: number;
}

/**
 * `klavi-sandbox` with the heap probe preloaded (heap-probe.cjs). `memory()` reads the RSS from
 * /proc, then asks the probe to collect garbage fully and reads what it wrote.
 */
async function startProbedSandbox(
  extraArgs: readonly string[] = [],
): Promise<{ server: RunningServer; memory(): Promise<Memory>; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'klavi-bench-heap-'));
  const heapFile = join(dir, 'heap.json');
  let server: RunningServer;
  try {
    server = await startSandboxProcess(extraArgs, { heapFile });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    async memory() {
      const rssBytes = rssOf(server.pid);
      rmSync(heapFile, { force: true });
      process.kill(server.pid!, 'SIGUSR2');
      for (let waited = 0; !existsSync(heapFile); waited += 50) {
        if (waited > 30_000) throw new Error('the heap probe wrote nothing within 30 s of SIGUSR2');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const afterGc = JSON.parse(readFileSync(heapFile, 'utf8')) as { rss: number; heapUsed: number };
      return { rssBytes, heapAfterGcBytes: afterGc.heapUsed, rssAfterGcBytes: afterGc.rss };
    },
    stop: () => server.stop().finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}

/** Resident memory of a process, from /proc (Linux), or NaN where there is none. */
function rssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** Creates `count` more payments as fast as the server takes them. */
async function createPayments(baseUrl: string, count: number): Promise<void> {
  if (count <= 0) return;
  const headers = { authorization: `Bearer ${await token(baseUrl)}`, 'content-type': 'application/json' };
  const body = examplePaymentBody();
  const run = ++sequence;
  let counter = 0;
  const result = await autocannon({
    url: baseUrl,
    // autocannon refuses more connections than requests.
    connections: Math.min(CONNECTIONS, count),
    amount: count,
    requests: [
      {
        method: 'POST',
        path: CREATE_PATH,
        headers,
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ ...body, clientRequestId: `volume-${process.pid}-${run}-${++counter}` }),
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`creating ${count} payments: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
}

/** The first Management orders page, one request at a time for `seconds`. */
async function listPage(baseUrl: string, seconds: number): Promise<{ mean: number; p99: number }> {
  const accessToken = await token(baseUrl, 'ManagementBearer');
  const appId = DEMO_CREDENTIALS.CustomerBearer[0]!.appId!;
  const result = await autocannon({
    url: `${baseUrl}/payment/management/v1/merchants/${appId}/orders?pageSize=20`,
    connections: 1,
    duration: seconds,
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (result.non2xx > 0) throw new Error(`the orders list answered ${result.non2xx} non-2xx`);
  return { mean: result.latency.average, p99: result.latency.p99 };
}

/** A fresh sandbox filled to each size in turn; the page time and RSS at each. */
export async function listAtVolume(
  sizes: readonly number[],
  seconds: number,
  log: (line: string) => void,
): Promise<VolumeRow[]> {
  const sandbox = await startProbedSandbox();
  try {
    const rows: VolumeRow[] = [];
    let stored = 0;
    for (const size of sizes) {
      await createPayments(sandbox.server.url, size - stored);
      stored = size;
      const page = await listPage(sandbox.server.url, seconds);
      const row = { stored, pageMs: page.mean, pageP99: page.p99, ...(await sandbox.memory()) };
      rows.push(row);
      log(
        `  volume: ${formatCount(stored)} payments stored, one orders page in ${formatMs(row.pageMs)} (p99 ${row.pageP99} ms), RSS ${formatBytes(row.rssBytes)}, heap after a full GC ${formatBytes(row.heapAfterGcBytes)}`,
      );
    }
    return rows;
  } finally {
    await sandbox.stop();
  }
}

export const VOLUME_SIZES = [100, 100_000] as const;

/** How many payments the "stored first" rounds start with. */
export const LOAD_VOLUME = 100_000;

/** One round on a server started for it: 1 s of the load to warm it, then `seconds` measured. */
async function freshRound(server: ServerUnderTest, seconds: number): Promise<LoadResult> {
  const running = await server.start();
  try {
    await createThenStatus(running.url, 1);
    return await createThenStatus(running.url, seconds);
  } finally {
    await running.stop();
  }
}

/**
 * The create-then-status load on a fresh sandbox that first stores `stored` payments, with its
 * heap after a full GC before the load: proof of what it held.
 */
export async function loadAtVolume(
  stored: number,
  seconds: number,
  options: { amount?: number } = {},
): Promise<{ load: LoadResult; before: Memory }> {
  const sandbox = await startProbedSandbox();
  try {
    await createPayments(sandbox.server.url, stored);
    const before = await sandbox.memory();
    return { load: await createThenStatus(sandbox.server.url, seconds, options), before };
  } finally {
    await sandbox.stop();
  }
}

/**
 * The memory after `total` payments with `--max-records bound`: payments are created in chunks,
 * and the clock is moved past the 60-minute authorization timeout after each, so they turn
 * terminal (CONSENT_REJECTED) and become evictable. The RSS as the load ends, then the heap right
 * after a full garbage collection.
 */
export async function memoryWithBound(total: number, bound: number, chunks: number): Promise<Memory> {
  const sandbox = await startProbedSandbox(['--max-records', String(bound)]);
  try {
    for (let i = 0; i < chunks; i++) {
      await createPayments(sandbox.server.url, Math.round(total / chunks));
      const moved = await fetch(`${sandbox.server.url}/__sandbox/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds: 61 * 60 }),
      });
      if (!moved.ok) throw new Error(`advancing the clock answered ${moved.status}`);
    }
    return await sandbox.memory();
  } finally {
    await sandbox.stop();
  }
}

export const BOUND = 10_000;

export function sandboxSuite(seconds = 5): Suite {
  return {
    id: 'sandbox',
    title: 'Sandbox',
    defaultRuns: 3,
    method: (runs) => [
      `Load: autocannon ${packageVersion('autocannon')}, ${CONNECTIONS} connections, ${seconds} s a round, ${rounds(runs)} per server in rotating order. Each round starts the server afresh (an empty store, a new data file) and warms it with 1 s of the same load. Each connection creates an instant payment (the spec's PIX_MANU example, a fresh \`clientRequestId\` each time) and then reads the status of the payment it created.`,
      `Servers: \`klavi-sandbox\` (ours: stateful, validates every request and response against the spec), the same with \`--data\` on a fresh file (each request's changes committed to LMDB before its answer) and \`prism mock\` (@stoplight/prism-cli ${packageVersion('@stoplight/prism-cli')}: validates requests, answers with the spec's examples, keeps no state), each in its own process on the same bundle, \`${SPEC_YAML.slice(REPO_ROOT.length + 1)}\`. The load generator runs in a third process.`,
      'Requests per second is the mean over the round; p50 and p99 are latencies of single requests. Ratios are the median of per-round ratios, sandbox to Prism: above 1× means more requests per second, or a slower p99.',
      'Non-2xx must be 0: a server that rejected the load would look fast.',
      `Limit: a bare \`node:http\` server answering "hello" in its own process, under the same ${CONNECTIONS} connections for ${seconds} s, ${rounds(runs)}, afresh and warmed for 1 s each time; the share is each server's requests per second over its.`,
      `Stored first: a fresh \`klavi-sandbox\` (with the heap probe of the volume rows) filled with ${formatCount(LOAD_VOLUME)} instant payments, its heap read after a full GC, then the same load for ${seconds} s; ${rounds(runs)}, a new sandbox each.`,
      `Volume: a fresh \`klavi-sandbox\` is filled with ${VOLUME_SIZES.map(formatCount).join(', then ')} instant payments (autocannon, ${CONNECTIONS} connections); at each size one connection reads the first Management orders page (pageSize 20) for 3 s, and the process's RSS is read from /proc, then its heap right after a full garbage collection. The ratio is the page time at the largest size over the smallest; the goal is at most 2×.`,
    ],
    async run({ runs, log }) {
      const results: Record<string, LoadResult[]> = Object.fromEntries(SERVERS.map((server) => [server.name, []]));
      // Each round starts every server afresh: the rounds are then the same trial repeated, not one
      // store growing by a round's creates each time. What a larger store costs is measured apart.
      await interleave(
        runs,
        SERVERS.map((s) => s.name),
        async (name, round) => {
          const result = await freshRound(SERVERS.find((server) => server.name === name)!, seconds);
          results[name]!.push(result);
          log(
            `  round ${round + 1}/${runs}: ${name} ${formatCount(result.requestsPerSecond)} req/s, p99 ${result.p99} ms, ${result.non2xx} non-2xx`,
          );
          return result.requestsPerSecond;
        },
      );
      const stored: LoadResult[] = [];
      for (let round = 0; round < runs; round++) {
        stored.push((await loadAtVolume(LOAD_VOLUME, seconds)).load);
        log(
          `  round ${round + 1}/${runs}: @klavi-pay/sandbox with ${formatCount(LOAD_VOLUME)} payments stored first ${formatCount(stored.at(-1)!.requestsPerSecond)} req/s, p99 ${stored.at(-1)!.p99} ms`,
        );
      }
      // The same load on a bare node:http hello-world, afresh each round too, for the ratio to the machine's limit.
      const limit: LoadResult[] = [];
      for (let round = 0; round < runs; round++) {
        const hello = await startHelloWorld();
        try {
          await helloWorldLoad(hello.url, 1);
          limit.push(await helloWorldLoad(hello.url, seconds));
        } finally {
          await hello.stop();
        }
        log(
          `  round ${round + 1}/${runs}: node:http hello-world ${formatCount(limit.at(-1)!.requestsPerSecond)} req/s`,
        );
      }
      const volume = await listAtVolume(VOLUME_SIZES, 3, log);
      const bounded = await memoryWithBound(VOLUME_SIZES.at(-1)!, BOUND, 10);
      log(
        `  volume: ${formatCount(VOLUME_SIZES.at(-1)!)} payments with --max-records ${formatCount(BOUND)}: RSS ${formatBytes(bounded.rssBytes)}, heap after a full GC ${formatBytes(bounded.heapAfterGcBytes)}`,
      );
      const prism = SERVERS.find((server) => server.name === 'Prism mock')!.name;
      const pick = (name: string, key: keyof LoadResult) => results[name]!.map((r) => r[key]);
      const share = (requestsPerSecond: number) =>
        `${((100 * requestsPerSecond) / median(limit.map((r) => r.requestsPerSecond))).toFixed(1)}%`;
      return {
        tables: [
          {
            caption: 'Create an instant payment, then read its status',
            headers: [
              'Server',
              'Requests/s (median)',
              'Ratio to Prism',
              'p50',
              'p99 (median)',
              'p99 ratio to Prism',
              'Non-2xx',
              'Errors',
            ],
            align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
            rows: SERVERS.map(({ name }) => [
              name,
              formatCount(median(pick(name, 'requestsPerSecond'))),
              formatRatio(pairedRatio(pick(name, 'requestsPerSecond'), pick(prism, 'requestsPerSecond'))),
              // autocannon's percentiles are whole milliseconds: 0 means under one.
              median(pick(name, 'p50')) === 0 ? '< 1 ms' : formatMs(median(pick(name, 'p50'))),
              formatMs(median(pick(name, 'p99'))),
              formatRatio(pairedRatio(pick(name, 'p99'), pick(prism, 'p99'))),
              formatCount(pick(name, 'non2xx').reduce((a, b) => a + b, 0)),
              formatCount(pick(name, 'errors').reduce((a, b) => a + b, 0)),
            ]),
          },
          {
            caption: 'Against the limit of this machine',
            headers: ['Server', 'Requests/s (median)', 'Share of a bare node:http hello-world'],
            align: ['l', 'r', 'r'],
            rows: [
              [
                'node:http hello-world (GET /, "hello")',
                formatCount(median(limit.map((r) => r.requestsPerSecond))),
                '100%',
              ],
              ...SERVERS.map(({ name }) => [
                name,
                formatCount(median(pick(name, 'requestsPerSecond'))),
                share(median(pick(name, 'requestsPerSecond'))),
              ]),
              [
                `@klavi-pay/sandbox, ${formatCount(LOAD_VOLUME)} payments stored first`,
                formatCount(median(stored.map((r) => r.requestsPerSecond))),
                share(median(stored.map((r) => r.requestsPerSecond))),
              ],
            ],
            notes: [
              'The hello-world does no work at all; the servers validate, route and (ours) keep state. It marks the ceiling of one Node process under this load on this machine.',
              `With ${formatCount(LOAD_VOLUME)} payments stored before the round (p99 ${formatMs(median(stored.map((r) => r.p99)))}), the sandbox serves the same load from a larger heap: the garbage collector has more to walk on each collection.`,
            ],
          },
          {
            caption: 'A Management orders page as the store grows',
            headers: [
              'Payments stored',
              'Page time (mean)',
              'Page p99',
              'Ratio to the smallest',
              'RSS',
              'Heap after a full GC',
              'Heap per payment since the smallest',
              'RSS after the GC',
            ],
            align: ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
            rows: volume.map((row) => [
              formatCount(row.stored),
              formatMs(row.pageMs),
              formatMs(row.pageP99),
              formatRatio(row.pageMs / volume[0]!.pageMs),
              formatBytes(row.rssBytes),
              formatBytes(row.heapAfterGcBytes),
              row === volume[0]
                ? ''
                : formatBytes((row.heapAfterGcBytes - volume[0]!.heapAfterGcBytes) / (row.stored - volume[0]!.stored)),
              formatBytes(row.rssAfterGcBytes),
            ]),
            notes: [
              `Without a bound nothing is evicted. With \`--max-records ${formatCount(BOUND)}\`, the same ${formatCount(VOLUME_SIZES.at(-1)!)} payments (the clock moved past their authorization timeout every tenth, so they turn terminal and may go) leave an RSS of ${formatBytes(bounded.rssBytes)} and a heap of ${formatBytes(bounded.heapAfterGcBytes)} after a full GC, against ${formatBytes(volume.at(-1)!.heapAfterGcBytes)} unbounded.`,
              'RSS is what the process holds from the system, read as the list load ends, so it also reflects when the garbage collector last ran. The heap is read right after a full collection (the sandbox started with `--expose-gc` and `bench/src/heap-probe.cjs`, triggered by SIGUSR2): what the stored payments really hold. The RSS after that collection stays high, because V8 keeps pages it has grown into.',
            ],
          },
        ],
        samples: {
          rounds: results,
          helloWorld: limit,
          storedFirst: { stored: LOAD_VOLUME, rounds: stored },
          volume,
          bounded: { total: VOLUME_SIZES.at(-1), bound: BOUND, ...bounded },
        },
      };
    },
  };
}
