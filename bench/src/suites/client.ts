// Client suite: per-call time of "create a payment" with each contender against a local HTTP
// server, and the min+gz size of the same program built for the browser.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { CONTENDERS, type Contender } from '../programs/index.js';
import { formatBytes, formatMs, formatRatio, median, pairedRatio, rounds } from '../stats.js';
import { runCommand, startServer } from '../process.js';
import { interleave, type Suite } from '../suite.js';
import { exampleAnswers } from './example-answers.js';
import { BENCH_DIR, examplePaymentBody, packageVersion, readSpec, SPEC_JSON } from '../workspace.js';

const CALLS = 2000;
const WARMUP_CALLS = 200;
/** In memory a call takes tens of microseconds, so more of them make a round. */
const MEMORY_CALLS = 20_000;
const CREDENTIALS = { accessKey: 'bench-access-key', secretKey: 'bench-secret-key' };

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** The program as a browser app would ship it: bundled with its dependencies, minified, gzipped. */
export async function bundleSize(contender: Contender): Promise<BundleSize> {
  const result = await build({
    entryPoints: [contender.source],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    absWorkingDir: BENCH_DIR,
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * A fetch that answers like the local server without a network: what is left of a call is the
 * contender's own work. It reads the request body, as a real fetch would serialize it.
 */
export function memoryFetch(): typeof fetch {
  const answerFor = exampleAnswers(readSpec() as Parameters<typeof exampleAnswers>[0]);
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (input instanceof Request) await input.text();
    else if (init?.body !== undefined && typeof init.body !== 'string') await new Response(init.body).text();
    return new Response(answerFor(url), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** Mean time per call over `calls` sequential creates, after a warm-up that also fetches the token. */
export async function timePerCall(
  contender: Contender,
  baseUrl: string,
  calls = CALLS,
  warmup = WARMUP_CALLS,
  fetch?: typeof globalThis.fetch,
): Promise<number> {
  const program = contender.connect({ baseUrl, ...CREDENTIALS, ...(fetch ? { fetch } : {}) });
  const body = examplePaymentBody();
  for (let i = 0; i < warmup; i++) await program.createPayment(body);
  const started = performance.now();
  for (let i = 0; i < calls; i++) await program.createPayment(body);
  return (performance.now() - started) / calls;
}

/** `timePerCall` with `memoryFetch`, in a fresh process (`client-memory.ts`), so no contender runs on another's heap. */
export async function timeInMemory(name: string, calls = MEMORY_CALLS, warmup = WARMUP_CALLS * 10): Promise<number> {
  const { stdout } = await runCommand(process.execPath, [
    join(BENCH_DIR, 'dist', 'suites', 'client-memory.js'),
    name,
    String(calls),
    String(warmup),
  ]);
  const { ms } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { ms: number };
  return ms;
}

export function startClientServer() {
  return startServer(process.execPath, [join(BENCH_DIR, 'dist', 'suites', 'client-server.js'), SPEC_JSON], {
    ready: /listening on (\S+)/,
  });
}

export const clientSuite: Suite = {
  id: 'client',
  title: 'Client',
  defaultRuns: 7,
  method: (runs) => [
    `Each contender runs the same program, \`bench/src/programs/\`: fetch a token once, then create an instant payment with the spec's PIX_MANU example body and read the id from the answer.`,
    `Per call: ${CALLS.toLocaleString('en-US')} sequential creates, after ${WARMUP_CALLS} warm-up calls (and 1,000 before the first round, to warm the server), against a local HTTP server in its own process that answers with the spec's examples (\`bench/src/suites/client-server.ts\`). ${rounds(runs)}, rotating which contender goes first; the figure is the median round's mean time per call.`,
    `Client work only: the same program with an in-memory \`fetch\` that answers with the same examples (\`memoryFetch\`), ${MEMORY_CALLS.toLocaleString('en-US')} calls a round, each contender in a fresh Node process (\`client-memory.ts\`): sharing one heap, a contender's timing depended on which one had run before it. Over loopback the network stack and the server's process dominate; in memory what remains is each contender's own work. axios is given its fetch adapter here (\`adapter: 'fetch'\`), since its default http adapter cannot take a fetch.`,
    'The ratio is the median of the per-round ratios to raw fetch (in memory also to bare openapi-fetch), measured in the same round. The overhead is the difference from raw fetch.',
    '"openapi-fetch + timeout" is bare openapi-fetch with a per-call timeout as openapi-fetch offers it (an AbortController, its signal on the request through the `signal` option, a timer cleared after the body is read). The client has a timeout on every attempt too, but hands its signal to fetch (`fetch(request, { signal })`) rather than building it into the Request, which undici makes cost about twice as much. In memory nothing follows that signal; over loopback undici\'s fetch does, once, and that is in the loopback figures.',
    `Bundle size: the same program bundled by esbuild ${packageVersion('esbuild')} for the browser (ESM, es2022, minified), then gzipped at level 9. Dependencies are included, as an app ships them.`,
    `Versions: openapi-fetch ${packageVersion('openapi-fetch')}, axios ${packageVersion('axios')}, @klavi-pay/client ${packageVersion('@klavi-pay/client')} (on openapi-fetch). Node's fetch is undici; axios uses Node's http module.`,
  ],
  async run({ runs, log }) {
    const server = await startClientServer();
    let perCall: Record<string, number[]>;
    try {
      // Warms the server's JIT, so that whoever goes first in round 1 does not pay for it.
      await timePerCall(CONTENDERS[0]!, server.url, 1000, 0);
      perCall = await interleave(
        runs,
        CONTENDERS.map((c) => c.name),
        async (name, round) => {
          const ms = await timePerCall(CONTENDERS.find((c) => c.name === name)!, server.url);
          log(`  round ${round + 1}/${runs}: ${name} ${formatMs(ms)} a call`);
          return ms;
        },
      );
    } finally {
      await server.stop();
    }
    const memoryPerCall = await interleave(
      runs,
      CONTENDERS.map((c) => c.name),
      async (name, round) => {
        const ms = await timeInMemory(name);
        log(`  round ${round + 1}/${runs}: ${name} ${formatMs(ms)} a call in memory`);
        return ms;
      },
    );
    const sizes: Record<string, BundleSize> = {};
    for (const contender of CONTENDERS) sizes[contender.name] = await bundleSize(contender);

    const reference = CONTENDERS[0]!.name;
    const referenceMs = median(perCall[reference]!);
    const referenceSize = sizes[reference]!.gzipped;
    return {
      tables: [
        {
          caption: 'Per call: create an instant payment over loopback',
          headers: ['Contender', 'Time per call (median)', 'Ratio to raw fetch', 'Overhead over raw fetch'],
          align: ['l', 'r', 'r', 'r'],
          rows: CONTENDERS.map(({ name }) => {
            const ms = median(perCall[name]!);
            return [
              name,
              formatMs(ms),
              formatRatio(pairedRatio(perCall[name]!, perCall[reference]!)),
              name === reference ? '—' : signed(ms - referenceMs),
            ];
          }),
        },
        {
          caption: "Per call: the contenders' own work (in-memory fetch, no network)",
          headers: [
            'Contender',
            'Time per call (median)',
            'Ratio to raw fetch',
            'Ratio to openapi-fetch',
            'Overhead over raw fetch',
          ],
          align: ['l', 'r', 'r', 'r', 'r'],
          rows: CONTENDERS.map(({ name }) => {
            const ms = median(memoryPerCall[name]!);
            return [
              name,
              formatMs(ms),
              formatRatio(pairedRatio(memoryPerCall[name]!, memoryPerCall[reference]!)),
              formatRatio(pairedRatio(memoryPerCall[name]!, memoryPerCall['openapi-fetch']!)),
              name === reference ? '—' : signed(ms - median(memoryPerCall[reference]!)),
            ];
          }),
        },
        {
          caption: 'Bundle size of the "create a payment" program',
          headers: ['Contender', 'Minified', 'Min+gz', 'Min+gz over raw fetch'],
          align: ['l', 'r', 'r', 'r'],
          rows: CONTENDERS.map(({ name }) => [
            name,
            formatBytes(sizes[name]!.minified),
            formatBytes(sizes[name]!.gzipped),
            name === reference ? '—' : `+${formatBytes(sizes[name]!.gzipped - referenceSize)}`,
          ]),
        },
      ],
      samples: { perCallMs: perCall, inMemoryPerCallMs: memoryPerCall, bundleBytes: sizes },
    };
  },
};

function signed(ms: number): string {
  return ms < 0 ? `−${formatMs(-ms)}` : `+${formatMs(ms)}`;
}
