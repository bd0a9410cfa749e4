// klavi-contract: certifies a Klavi Pay server against the spec, or, with `webhooks`, a merchant's
// webhook receiver (src/webhooks/cli.ts). Exit 0 when every check passed, 1 when any failed, 2 for
// a usage error.
import { parseArgs } from 'node:util';
import type { Credentials } from '@klavi-pay/client';
import { checkLines, secondsOption, sizeOption, UsageError } from './cli-shared.js';
import { conclude } from './report/conclude.js';
import { createProgress } from './report/progress.js';
import { coverageLine, unreachedLines } from './report/text.js';
import { ContractConfigError, runContract, type ContractOptions } from './run.js';
import { webhooksMain } from './webhooks/cli.js';

export { runToExit } from './exit-guard.js';
export { UsageError } from './cli-shared.js';

export const USAGE = `Usage: klavi-contract [options]
       klavi-contract webhooks --receiver URL --secret-key KEY [options]

Certifies a Klavi Pay API server against the OpenAPI spec. Without --base-url it starts the
sandbox simulator in-process and uses its demo credentials. With \`webhooks\`, certifies your
webhook receiver instead (klavi-contract webhooks --help).

Options:
  --base-url URL                  the server to test (env KLAVI_BASE_URL)
  --access-key KEY                Customer API key pair (env KLAVI_ACCESS_KEY,
  --secret-key SECRET               KLAVI_SECRET_KEY)
  --management-access-key KEY     Management API key pair; without it the Management checks
  --management-secret-key SECRET    are skipped (env KLAVI_MANAGEMENT_ACCESS_KEY, KLAVI_MANAGEMENT_SECRET_KEY)
  --only GLOB                     run only cases whose id, suite, operationId or check matches (repeatable)
  --skip GLOB                     leave out cases, or whole checks, that match (repeatable)
  --seed N                        reproduce a run's generated data (printed at the start)
  --flow-timeout SECONDS          the longest one status wait may take (default: 10 against a server
                                    whose clock the run moves, 300 against one it cannot)
  --request-timeout SECONDS       the longest one request may take, headers and body (default: 30)
  --max-response-size SIZE        the largest response body read, in bytes or with a kB/MB suffix
                                    (default: 10MB); a larger body fails its check
  --max-time SECONDS              the longest the whole run may take (default: 1800); past it the
                                    run stops and fails
  --check-token-expiry            against a server whose clock the run cannot move, wait a token's
                                    expireIn out to check that it then gets 401 (off: skipped)
  --report-dir DIR                write junit.xml and report.json there
  --quiet                         no live progress
  -h, --help                      this text

Suites: flow, positive, negative, auth, methods, idempotency, use-after-cancel, rules, unknown, expiry.

Checks on every response:
${checkLines('response')}
Checks the suites run:
${checkLines('suite')}
Checks of klavi-contract webhooks:
${checkLines('receiver')}`;

export interface CliOptions extends ContractOptions {
  reportDir?: string;
  quiet: boolean;
  help: boolean;
}

function keyPair(
  kind: string,
  flags: [string, string],
  accessKey: string | undefined,
  secretKey: string | undefined,
): Credentials | undefined {
  if (accessKey === undefined && secretKey === undefined) return undefined;
  if (!accessKey) throw new UsageError(`${kind}: --${flags[1]} was given without --${flags[0]}`);
  if (!secretKey) throw new UsageError(`${kind}: --${flags[0]} was given without --${flags[1]}`);
  return { accessKey, secretKey };
}

const parseFlags = (args: string[]) =>
  parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      'base-url': { type: 'string' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      'management-access-key': { type: 'string' },
      'management-secret-key': { type: 'string' },
      only: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'flow-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      'max-response-size': { type: 'string' },
      'max-time': { type: 'string' },
      'check-token-expiry': { type: 'boolean', default: false },
      'report-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const baseUrl = v['base-url'] ?? (env.KLAVI_BASE_URL || undefined);
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl))
    throw new UsageError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  let seed: number | undefined;
  if (v.seed !== undefined) {
    if (!/^\d{1,10}$/.test(v.seed) || Number(v.seed) >= 2 ** 32)
      throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${v.seed}"`);
    seed = Number(v.seed);
  }
  const flowTimeoutMs = secondsOption('flow-timeout', v['flow-timeout'], 3600);
  const requestTimeoutMs = secondsOption('request-timeout', v['request-timeout'], 3600);
  const maxTimeMs = secondsOption('max-time', v['max-time'], 7 * 24 * 3600);
  const maxResponseBytes =
    v['max-response-size'] === undefined ? undefined : sizeOption('max-response-size', v['max-response-size']);
  const credentials = keyPair(
    'Customer credentials',
    ['access-key', 'secret-key'],
    v['access-key'] ?? (env.KLAVI_ACCESS_KEY || undefined),
    v['secret-key'] ?? (env.KLAVI_SECRET_KEY || undefined),
  );
  const managementCredentials = keyPair(
    'Management credentials',
    ['management-access-key', 'management-secret-key'],
    v['management-access-key'] ?? (env.KLAVI_MANAGEMENT_ACCESS_KEY || undefined),
    v['management-secret-key'] ?? (env.KLAVI_MANAGEMENT_SECRET_KEY || undefined),
  );
  if (baseUrl && !credentials)
    throw new UsageError('--base-url needs --access-key and --secret-key (or KLAVI_ACCESS_KEY and KLAVI_SECRET_KEY)');
  return {
    ...(baseUrl ? { baseUrl } : {}),
    ...(credentials ? { credentials } : {}),
    ...(managementCredentials ? { managementCredentials } : {}),
    only: v.only ?? [],
    skip: v.skip ?? [],
    ...(seed !== undefined ? { seed } : {}),
    ...(flowTimeoutMs !== undefined ? { flowTimeoutMs } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(maxTimeMs !== undefined ? { maxTimeMs } : {}),
    ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
    ...(v['check-token-expiry'] ? { checkTokenExpiry: true } : {}),
    ...(v['report-dir'] ? { reportDir: v['report-dir'] } : {}),
    quiet: v.quiet ?? false,
    help: v.help ?? false,
  };
}

export async function main(
  argv: string[],
  io: { out: NodeJS.WritableStream; err: NodeJS.WriteStream } = { out: process.stdout, err: process.stderr },
): Promise<number> {
  if (argv[0] === 'webhooks') return webhooksMain(argv.slice(1), io);
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`klavi-contract: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  io.out.write(
    `klavi-contract: ${options.baseUrl ?? 'the sandbox simulator, in-process'} · seed ${seed} (reproduce with --seed ${seed})\n`,
  );
  try {
    const report = await runContract({ ...options, seed, progress: createProgress(io.err, !options.quiet) });
    return await conclude(report, io.out, {
      reportDir: options.reportDir,
      before: [coverageLine(report.coverage), ...unreachedLines(report.coverage)],
    });
  } catch (error) {
    if (error instanceof ContractConfigError) {
      io.err.write(`klavi-contract: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
