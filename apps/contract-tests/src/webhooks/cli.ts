// klavi-contract webhooks: certifies a merchant's webhook receiver. Exit 0 when at least one check
// passed and none failed, 1 otherwise, 2 for a usage error (which names the option).
import { parseArgs } from 'node:util';
import { checkLines, secondsOption, sizeOption, UsageError } from '../cli-shared.js';
import { conclude } from '../report/conclude.js';
import { createProgress } from '../report/progress.js';
import { PROCESSED_HEADER } from './answer.js';
import { STALE_AGE_SECONDS, WEBHOOK_SUITES } from './cases.js';
import { InvalidEventError } from './events.js';
import { DELIVERY_TIMEOUT_MS, DEFAULT_WEBHOOK_MAX_TIME_MS, runWebhooks, type WebhookRunOptions } from './run.js';

export const WEBHOOKS_USAGE = `Usage: klavi-contract webhooks --receiver URL --secret-key KEY [options]

Certifies your webhook receiver: sends it each payment event of the spec as Klavi delivers it (a
POST of the JSON body, signed with X-Klavi-Signature, the hex HMAC-SHA256 of the raw body keyed
with your secretKey, and stamped with X-Klavi-Timestamp, Unix seconds), then events it must
refuse (a wrong or missing signature, a timestamp ${STALE_AGE_SECONDS / 3600} hour old) and an event sent twice.

Options:
  --receiver URL                  your webhook receiver's URL (env KLAVI_WEBHOOK_RECEIVER)
  --secret-key KEY                the key the events are signed with: your application's Customer
                                    API secretKey (env KLAVI_SECRET_KEY)
  --only GLOB                     run only cases whose id, suite, event name or check matches (repeatable)
  --skip GLOB                     leave out cases, or whole checks, that match (repeatable)
  --request-timeout SECONDS       the longest one delivery may take, headers and body (default and
                                    most: ${DELIVERY_TIMEOUT_MS / 1000}, Klavi's delivery timeout)
  --max-response-size SIZE        the largest answer body read (default: 10MB)
  --max-time SECONDS              the longest the whole run may take (default: ${DEFAULT_WEBHOOK_MAX_TIME_MS / 1000})
  --report-dir DIR                write junit.xml and report.json there
  --quiet                         no live progress
  -h, --help                      this text

Suites: ${WEBHOOK_SUITES.join(', ')}.

Checks:
${checkLines('receiver')}

The replay check needs the certification hook: answer every delivery with the header
${PROCESSED_HEADER}: true when you processed the event, or false when you skipped it because
its eventId was already processed. Without it that check is skipped, and says how to add it.`;

export interface WebhookCliOptions extends Omit<WebhookRunOptions, 'fetch' | 'progress'> {
  reportDir?: string;
  quiet: boolean;
  help: boolean;
}

const parseFlags = (args: string[]) =>
  parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      receiver: { type: 'string' },
      'secret-key': { type: 'string' },
      only: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      'request-timeout': { type: 'string' },
      'max-response-size': { type: 'string' },
      'max-time': { type: 'string' },
      'report-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/** The options of `klavi-contract webhooks` (the arguments after `webhooks`); throws UsageError naming the flag. */
export function parseWebhookCli(argv: string[], env: NodeJS.ProcessEnv = process.env): WebhookCliOptions {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const help = v.help ?? false;
  const receiver = v.receiver ?? (env.KLAVI_WEBHOOK_RECEIVER || undefined);
  const secretKey = v['secret-key'] ?? (env.KLAVI_SECRET_KEY || undefined);
  if (!help) {
    if (!receiver)
      throw new UsageError('--receiver is required: the URL of your webhook receiver (or KLAVI_WEBHOOK_RECEIVER)');
    if (!/^https?:\/\/[^/]/.test(receiver) || !URL.canParse(receiver))
      throw new UsageError(`--receiver must be an http(s) URL, got "${receiver}"`);
    if (!secretKey)
      throw new UsageError(
        '--secret-key is required: the secretKey Klavi signs your events with (or KLAVI_SECRET_KEY)',
      );
  }
  const requestTimeoutMs = secondsOption('request-timeout', v['request-timeout'], DELIVERY_TIMEOUT_MS / 1000);
  const maxTimeMs = secondsOption('max-time', v['max-time'], 7 * 24 * 3600);
  const maxResponseBytes =
    v['max-response-size'] === undefined ? undefined : sizeOption('max-response-size', v['max-response-size']);
  return {
    receiver: receiver ?? '',
    secretKey: secretKey ?? '',
    only: v.only ?? [],
    skip: v.skip ?? [],
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(maxTimeMs !== undefined ? { maxTimeMs } : {}),
    ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
    ...(v['report-dir'] ? { reportDir: v['report-dir'] } : {}),
    quiet: v.quiet ?? false,
    help,
  };
}

export async function webhooksMain(
  argv: string[],
  io: { out: NodeJS.WritableStream; err: NodeJS.WriteStream },
): Promise<number> {
  let options: WebhookCliOptions;
  try {
    options = parseWebhookCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`klavi-contract webhooks: ${error.message}\n\n${WEBHOOKS_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    io.out.write(`${WEBHOOKS_USAGE}\n`);
    return 0;
  }
  io.out.write(`klavi-contract webhooks: ${options.receiver}\n`);
  try {
    const { reportDir, quiet, help, ...run } = options;
    const report = await runWebhooks({ ...run, progress: createProgress(io.err, !quiet) });
    return await conclude(report, io.out, { reportDir, requests: 'deliveries', rowHeading: 'event' });
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    io.err.write(`klavi-contract webhooks: ${error.message}\n`);
    return 1;
  }
}
