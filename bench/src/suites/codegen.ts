// Code generation suite: openapi-typescript (ours) against @hey-api/openapi-ts and orval, each
// run as its CLI on the bundled spec. Measures generation time, output size, and how long
// `tsc --noEmit` takes on a small program that uses each output.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatBytes, formatCount, formatMs, formatRatio, median, pairedRatio, rounds } from '../stats.js';
import { runCommand } from '../process.js';
import { interleave, type Suite } from '../suite.js';
import { binPath, examplePaymentBody, packageVersion, REPO_ROOT, SPEC_YAML, WORK_DIR } from '../workspace.js';

export interface Generator {
  name: string;
  pkg: string;
  /** What the default setup emits, for the reader comparing sizes. */
  emits: string;
  args(outDir: string): { bin: string; args: string[] };
  /** A program that creates a payment and reads its status with this generator's output. */
  usage(body: string): string;
}

const AUTH = `{ authorization: 'Bearer token' }`;

export const GENERATORS: readonly Generator[] = [
  {
    name: 'openapi-typescript',
    pkg: 'openapi-typescript',
    emits: 'types only; calls go through openapi-fetch (a runtime dependency)',
    // The options packages/client/scripts/generate.mjs uses.
    args: (out) => ({
      bin: binPath('openapi-typescript', 'openapi-typescript'),
      args: [
        SPEC_YAML,
        '--output',
        join(out, 'schema.ts'),
        '--root-types',
        '--root-types-no-schema-prefix',
        '--export-type',
      ],
    }),
    usage: (body) => `import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:4010', headers: ${AUTH} });

export async function createAndCheck(): Promise<boolean> {
  const { data, error } = await client.POST('/payment/customer/v1/instant/payments', { body: ${body} });
  if (error) throw new Error(error.message);
  const status = await client.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: data.id } } });
  return status.data?.status === 'PAYMENT_COMPLETED';
}
`,
  },
  {
    name: '@hey-api/openapi-ts',
    pkg: '@hey-api/openapi-ts',
    emits: 'types, an SDK function per operation and its fetch client (default plugins)',
    args: (out) => ({
      bin: binPath('@hey-api/openapi-ts', 'openapi-ts'),
      args: ['--input', SPEC_YAML, '--output', out],
    }),
    usage: (body) => `import { createInstantPayment, getInstantPaymentStatus } from './sdk.gen.js';

export async function createAndCheck(): Promise<boolean> {
  const { data, error } = await createInstantPayment({ body: ${body}, headers: ${AUTH} });
  if (error || !data) throw new Error(String(error?.message));
  const status = await getInstantPaymentStatus({ path: { id: data.id }, headers: ${AUTH} });
  return status.data?.status === 'PAYMENT_COMPLETED';
}
`,
  },
  {
    name: 'orval',
    pkg: 'orval',
    emits: 'types and a fetch function per operation (client: fetch, mode: single)',
    args: (out) => ({
      bin: binPath('orval', 'orval'),
      args: ['--input', SPEC_YAML, '--output', join(out, 'klavi.ts'), '--client', 'fetch', '--mode', 'single'],
    }),
    usage: (body) => `import { createInstantPayment, getInstantPaymentStatus } from './klavi.js';

export async function createAndCheck(): Promise<boolean> {
  const created = await createInstantPayment(${body}, { headers: ${AUTH} });
  if (created.status !== 200) throw new Error(created.data.message);
  const status = await getInstantPaymentStatus(created.data.id, { headers: ${AUTH} });
  return status.status === 200 && status.data.status === 'PAYMENT_COMPLETED';
}
`,
  },
];

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  },
  files: ['use.ts'],
};

export function outputDir(generator: Generator): string {
  return join(WORK_DIR, 'codegen', generator.name.replace(/[@/]/g, '_'));
}

export async function generate(generator: Generator): Promise<number> {
  const out = outputDir(generator);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { bin, args } = generator.args(out);
  const result = await runCommand(process.execPath, [bin, ...args], {
    cwd: out,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return result.ms;
}

export interface OutputSize {
  files: number;
  bytes: number;
  lines: number;
}

export function measureOutput(generator: Generator): OutputSize {
  const out = outputDir(generator);
  const size = { files: 0, bytes: 0, lines: 0 };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!['use.ts', 'tsconfig.json'].includes(entry)) {
        const text = readFileSync(path, 'utf8');
        size.files += 1;
        size.bytes += Buffer.byteLength(text);
        size.lines += text.split('\n').length;
      }
    }
  };
  walk(out);
  return size;
}

/** Writes use.ts with the given body literal, then runs tsc on it. */
export async function typecheck(generator: Generator, body = JSON.stringify(examplePaymentBody())) {
  const out = outputDir(generator);
  writeFileSync(join(out, 'use.ts'), generator.usage(body));
  writeFileSync(join(out, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  const result = await runCommand(
    process.execPath,
    [binPath('typescript', 'tsc'), '-p', out, '--extendedDiagnostics'],
    { cwd: out, allowFailure: true },
  );
  const instantiations = Number(/Instantiations:\s+(\d+)/.exec(result.stdout)?.[1] ?? NaN);
  const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  return { ms: result.ms, ok: result.code === 0, instantiations, errors };
}

/** The same program with a numeric amount, which the spec forbids (amounts are strings). */
export function wrongBody(): string {
  return JSON.stringify({ ...examplePaymentBody(), amount: 1333.04 });
}

export const codegenSuite: Suite = {
  id: 'codegen',
  title: 'Code generation',
  defaultRuns: 5,
  method: (runs) => [
    `Each generator runs as its own CLI (\`node <bin>\`, so Node's start-up is included, as users run it) on \`${relative(REPO_ROOT, SPEC_YAML)}\`, into an empty folder, ${rounds(runs)} in rotating order.`,
    `Versions: ${GENERATORS.map((g) => `${g.name} ${packageVersion(g.pkg)}`).join(', ')}; TypeScript ${packageVersion('typescript')}.`,
    'Output size counts every file the generator wrote.',
    "Type-check: a program that creates a payment with the spec's PIX_MANU example and reads its status, written against each output (`use.ts`), checked with `tsc -p --noEmit` (strict, moduleResolution Bundler, skipLibCheck) in its own process. Instantiations come from `--extendedDiagnostics` and do not depend on the machine.",
    'Catches a wrong body: the same program with `amount: 1333.04` (a number; the spec says string) must fail to compile.',
    'Ratios are the median of per-round ratios to openapi-typescript.',
  ],
  async run({ runs, log }) {
    const names = GENERATORS.map((g) => g.name);
    const byName = (name: string) => GENERATORS.find((g) => g.name === name)!;
    const generation = await interleave(runs, names, async (name, round) => {
      const ms = await generate(byName(name));
      log(`  round ${round + 1}/${runs}: ${name} generated in ${formatMs(ms)}`);
      return ms;
    });
    const sizes = Object.fromEntries(names.map((name) => [name, measureOutput(byName(name))]));
    const wrong = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await typecheck(byName(name), wrongBody())] as const)),
    );
    const instantiations: Record<string, number> = {};
    const typecheckMs = await interleave(runs, names, async (name, round) => {
      const result = await typecheck(byName(name));
      if (!result.ok) throw new Error(`${name}: the usage program does not compile:\n${result.errors.join('\n')}`);
      instantiations[name] = result.instantiations;
      log(`  round ${round + 1}/${runs}: tsc on ${name}'s output in ${formatMs(result.ms)}`);
      return result.ms;
    });
    const reference = names[0]!;
    return {
      tables: [
        {
          caption: 'Generation and type-checking',
          headers: [
            'Generator',
            'Generate (median)',
            'Ratio',
            'tsc --noEmit (median)',
            'Ratio',
            'Instantiations',
            'Catches a wrong body',
          ],
          align: ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
          rows: names.map((name) => [
            name,
            formatMs(median(generation[name]!)),
            formatRatio(pairedRatio(generation[name]!, generation[reference]!)),
            formatMs(median(typecheckMs[name]!)),
            formatRatio(pairedRatio(typecheckMs[name]!, typecheckMs[reference]!)),
            formatCount(instantiations[name]!),
            wrong[name]!.ok ? 'no' : 'yes',
          ]),
        },
        {
          caption: 'Output',
          headers: ['Generator', 'What it emits', 'Files', 'Lines', 'Size'],
          align: ['l', 'l', 'r', 'r', 'r'],
          rows: names.map((name) => [
            name,
            byName(name).emits,
            String(sizes[name]!.files),
            formatCount(sizes[name]!.lines),
            formatBytes(sizes[name]!.bytes),
          ]),
        },
      ],
      samples: {
        generateMs: generation,
        typecheckMs,
        outputSize: sizes,
        instantiations,
        wrongBodyRejected: Object.fromEntries(names.map((n) => [n, !wrong[n]!.ok])),
      },
    };
  },
};
