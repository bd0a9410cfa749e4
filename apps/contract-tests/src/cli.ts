// klavi-contract: certifies a Klavi Pay server against the spec. Exit 0 when every check passed,
// 1 when any failed, 2 for a usage error.
import { parseArgs } from 'node:util';
import type { Credentials } from '@klavi-pay/client';
import { CHECKS, REGISTRY } from './checks/registry.js';
import type { Runs } from './checks/define.js';
import { writeReports } from './report/files.js';
import { createProgress } from './report/progress.js';
import { coverageLine, failureDetails, summaryTable, totalsLine, unreachedLines } from './report/text.js';
import { ContractConfigError, runContract, type ContractOptions } from './run.js';

export { runToExit } from './exit-guard.js';

/** The registered checks that run as `runs` says, a line each with its description. */
const checkLines = (runs: Runs): string =>
  CHECKS.map((name) => REGISTRY[name])
    .filter((check) => check.runs === runs)
    .map((check) => `  ${check.name.padEnd(30)}  ${check.description}`)
    .join('\n');

export const USAGE = `Usage: klavi-contract [options]

Certifies a Klavi Pay API server against the OpenAPI spec. Without --base-url it starts the
sandbox simulator in-process and uses its demo credentials.

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
${checkLines('suite')}`;

export class UsageError extends Error {}

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

/** A duration flag in seconds, as milliseconds: above 0 and at most `max` seconds. */
function secondsOption(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(seconds > 0) || seconds > max)
    throw new UsageError(`--${flag} must be a number of seconds above 0 and at most ${max}, got "${raw}"`);
  return Math.max(1, Math.round(seconds * 1000));
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 ** 2,
  m: 1024 ** 2,
  gb: 1024 ** 3,
  g: 1024 ** 3,
};

/** A size flag: bytes, or a number with kB, MB or GB (powers of 1024); at least 1 kB, at most 256 MB. */
function sizeOption(flag: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit ? Math.round(Number(match[1]) * unit) : NaN;
  // At most 256 MB: a body is held as bytes and as text at once, and V8's strings end near 512 MB.
  if (!(bytes >= 1024 && bytes <= 256 * 1024 ** 2))
    throw new UsageError(
      `--${flag} must be a size from 1kB to 256MB (bytes, or with a kB, MB or GB suffix), got "${raw}"`,
    );
  return bytes;
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
    const byId = new Map(report.exchanges.map((e) => [e.seq, e]));
    const failures = failureDetails(report.results, byId);
    io.out.write(`\n${summaryTable(report.results)}\n\n`);
    if (failures) io.out.write(`${failures}\n`);
    const unreached = unreachedLines(report.coverage);
    io.out.write(
      `${coverageLine(report.coverage)}\n${unreached.length > 0 ? `${unreached.join('\n')}\n` : ''}${totalsLine(report.results, report.durationMs / 1000)} · ${report.exchanges.length} requests\n`,
    );
    if (options.reportDir)
      for (const file of await writeReports(options.reportDir, report)) io.out.write(`wrote ${file}\n`);
    const passed = report.results.some((r) => r.outcome === 'pass' && !r.caseId.startsWith('preflight/'));
    // The reason the run failed is the last line: a stop, or a selection that left nothing to check.
    if (report.stopped) io.out.write(`run stopped: ${report.stopped}\n`);
    else if (!passed) io.out.write('nothing was checked: no check passed or failed (see --only and --skip)\n');
    return passed && !report.stopped && !report.results.some((r) => r.outcome === 'fail') ? 0 : 1;
  } catch (error) {
    if (error instanceof ContractConfigError) {
      io.err.write(`klavi-contract: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
