// The sandbox's settings from the three places a tool takes them, in order of precedence: command
// line flags, environment variables (KLAVI_SANDBOX_*, and PORT/HOST as containers set them), and
// a JSON config file (--config or KLAVI_SANDBOX_CONFIG). Every value is checked, and a bad one is
// refused with the flag, variable or field that holds it.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SpecValidator } from '@klavi-pay/openapi-runtime';
import { FAULT_RULE_SCHEMA, type FaultRuleInput } from './answers/faults.js';
import { DEMO_APPS, type Credential, type Scheme } from './auth.js';
import type { MerchantApp } from './domain/records.js';
import { checkWebhookUrl } from './events/webhook-url.js';
import { checkPublicUrl, DEFAULT_HOST, DEFAULT_PORT } from './origin.js';

export interface SandboxSettings {
  port: number;
  host: string;
  seed?: number;
  /** Epoch ms of a frozen clock's start, or 'system'. */
  clock?: number | 'system';
  maxRecords?: number;
  data?: string;
  /** The URL the bank's links are given under, when not the address listened on. */
  publicUrl?: string;
  quiet: boolean;
  credentials?: Record<Scheme, Credential[]>;
  apps?: MerchantApp[];
  /** Fault rules in force from the start (checked against the spec when the sandbox starts). */
  faults?: FaultRuleInput[];
  /** Where payment events are POSTed (every app without a webhookUrl of its own). */
  webhookUrl?: string;
}

export type Resolved = { kind: 'run'; settings: SandboxSettings } | { kind: 'help' } | { kind: 'version' };

/** A setting that cannot be used; `message` names where it came from. */
export class ConfigError extends Error {}

const CREDENTIAL = {
  type: 'object',
  required: ['accessKey', 'secretKey', 'merchantId'],
  additionalProperties: false,
  properties: {
    accessKey: { type: 'string', minLength: 1 },
    secretKey: { type: 'string', minLength: 1 },
    merchantId: { type: 'string', minLength: 1 },
    appId: { type: 'string', minLength: 1 },
  },
};

/** The config file's schema: what `klavi-sandbox --config FILE` reads. */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    host: { type: 'string', minLength: 1 },
    seed: { type: 'integer' },
    clock: { type: 'string', description: "'system', or an ISO 8601 time to start a frozen clock at" },
    maxRecords: { type: 'integer', minimum: 1 },
    data: { type: 'string', minLength: 1 },
    publicUrl: { type: 'string', minLength: 1 },
    webhookUrl: { type: 'string', minLength: 1 },
    quiet: { type: 'boolean' },
    credentials: {
      type: 'object',
      additionalProperties: false,
      required: ['CustomerBearer', 'ManagementBearer'],
      properties: {
        CustomerBearer: {
          type: 'array',
          items: { ...CREDENTIAL, required: [...CREDENTIAL.required, 'appId'] },
          minItems: 1,
        },
        ManagementBearer: { type: 'array', items: CREDENTIAL, minItems: 1 },
      },
    },
    faults: { type: 'array', maxItems: 1000, items: FAULT_RULE_SCHEMA },
    apps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['appId', 'name', 'merchantId'],
        additionalProperties: false,
        properties: {
          appId: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
          merchantId: { type: 'string', minLength: 1 },
          webhookUrl: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const validator = new SpecValidator({
  components: { schemas: { SandboxConfig: CONFIG_SCHEMA as unknown as Record<string, never> } },
});

export const USAGE = `Usage: klavi-sandbox [options]

A stateful simulator of the Klavi Pay API. Point a client at the printed URL.

Options (each also as an environment variable, and as a field of the config file):
  --port N          port to listen on; 0 picks a free one          PORT, KLAVI_SANDBOX_PORT      (4010)
  --host H          address to listen on                           HOST, KLAVI_SANDBOX_HOST      (127.0.0.1)
  --seed N          reproducible ids: the same calls give the same ids       KLAVI_SANDBOX_SEED
  --clock T         'system' (default), or an ISO 8601 time: a frozen clock that moves only when
                    advanced (POST /__sandbox/clock/advance)                 KLAVI_SANDBOX_CLOCK
  --max-records N   keep at most N payments and consents: past it, the oldest whose status is
                    terminal are evicted (their ids answer 404). Default: no bound.
                                                                             KLAVI_SANDBOX_MAX_RECORDS
  --data FILE       keep payments, consents, the token signing keys and the clock in FILE (an
                    LMDB database, made if missing), so a restart goes on where the last run
                    stopped: old ids and old tokens still work. An empty, truncated, foreign,
                    read-only file or a directory is refused (exit 2), and left as it is.
                    Default: memory only.                                    KLAVI_SANDBOX_DATA
  --public-url URL  the URL clients reach the sandbox at, when it is not the address it listens
                    on (behind Docker's port mapping or a proxy): the bank's links are given
                    under it. Default: the address listened on.              KLAVI_SANDBOX_PUBLIC_URL
  --webhook-url URL POST every payment, consent and recurring payment status change there as a
                    signed event (X-Klavi-Signature, the app's secretKey), retried as Klavi
                    documents; due moves then happen on their own, unread. An app in the config
                    file may name its own (apps[].webhookUrl).           KLAVI_SANDBOX_WEBHOOK_URL
  --quiet           no log line per request                                  KLAVI_SANDBOX_QUIET=1
  --config FILE     a JSON file with any of the above (port, host, seed, clock, maxRecords, data,
                    publicUrl, quiet), the credentials and apps to serve instead of the demo ones,
                    and fault rules in force from the start (faults: [{operationId, status, ...}],
                    as POST /__sandbox/faults takes them)
                                                                             KLAVI_SANDBOX_CONFIG
  --version         print the version and exit
  -h, --help        print this and exit

Flags win over environment variables, which win over the config file.`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  clock: { type: 'string' },
  'max-records': { type: 'string' },
  data: { type: 'string' },
  'public-url': { type: 'string' },
  'webhook-url': { type: 'string' },
  quiet: { type: 'boolean' },
  config: { type: 'string' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Source = { value: string; from: string };

function integer(source: Source, min?: number, max?: number): number {
  const value = Number(source.value);
  if (
    !/^-?\d+$/.test(source.value.trim()) ||
    !Number.isSafeInteger(value) ||
    (min !== undefined && value < min) ||
    (max !== undefined && value > max)
  ) {
    const range = min === undefined ? '' : max === undefined ? ` from ${min}` : ` from ${min} to ${max}`;
    throw new ConfigError(`${source.from} must be an integer${range}, got ${JSON.stringify(source.value)}`);
  }
  return value;
}

/** 'system', or a time: an ISO 8601 string (a time zone is required, to mean one instant) or epoch ms. */
export function parseClock(source: Source): number | 'system' {
  const value = source.value.trim();
  if (value === 'system') return 'system';
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(ms)) {
    throw new ConfigError(
      `${source.from} must be 'system' or an ISO 8601 time with a zone, such as 2026-11-21T12:00:00Z, got ${JSON.stringify(source.value)}`,
    );
  }
  return ms;
}

function url(source: Source): string {
  try {
    return checkPublicUrl(source.value.trim());
  } catch (error) {
    throw new ConfigError(`${source.from}: ${(error as Error).message}`);
  }
}

function boolean(source: Source): boolean {
  if (/^(1|true|yes)$/i.test(source.value)) return true;
  if (/^(0|false|no|)$/i.test(source.value)) return false;
  throw new ConfigError(`${source.from} must be 1 or 0 (true or false), got ${JSON.stringify(source.value)}`);
}

function readConfigFile(path: string, from: string, read: (path: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new ConfigError(`${from}: cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${from}: ${path} is not JSON: ${(error as Error).message}`);
  }
  const verdict = validator.validate('#/components/schemas/SandboxConfig', value, 'config');
  if (!verdict.valid) throw new ConfigError(`${from}: ${path}: ${verdict.message}`);
  return value as Record<string, unknown>;
}

/** Each Customer pair creates payments in its app, which must be one of its merchant's apps. */
function checkAppsOfCredentials(settings: SandboxSettings, configPath: string | undefined): void {
  const apps = settings.apps ?? DEMO_APPS;
  (settings.credentials?.CustomerBearer ?? []).forEach((pair, i) => {
    if (!apps.some((app) => app.appId === pair.appId && app.merchantId === pair.merchantId)) {
      throw new ConfigError(
        `${configPath}: credentials.CustomerBearer[${i}].appId ${pair.appId} is not an app of merchant ${pair.merchantId} in ${settings.apps ? 'apps' : 'the demo apps (give apps too)'}`,
      );
    }
  });
}

export function resolveConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Resolved {
  let flags: Partial<Record<keyof typeof FLAGS, string | boolean>>;
  try {
    ({ values: flags } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };

  const configPath = (flags.config as string | undefined) ?? env.KLAVI_SANDBOX_CONFIG;
  const file = configPath ? readConfigFile(configPath, flags.config ? '--config' : 'KLAVI_SANDBOX_CONFIG', read) : {};

  /** A setting's text and where it came from: the flag, else the first variable set, else the file. */
  const pick = (flag: keyof typeof FLAGS, vars: string[], field: string): Source | undefined => {
    const given = flags[flag];
    if (typeof given === 'string') return { value: given, from: `--${flag}` };
    for (const name of vars) if (env[name] !== undefined && env[name] !== '') return { value: env[name]!, from: name };
    if (file[field] !== undefined) return { value: String(file[field]), from: `${configPath}: ${field}` };
    return undefined;
  };

  const port = pick('port', ['KLAVI_SANDBOX_PORT', 'PORT'], 'port');
  const host = pick('host', ['KLAVI_SANDBOX_HOST', 'HOST'], 'host');
  const seed = pick('seed', ['KLAVI_SANDBOX_SEED'], 'seed');
  const clock = pick('clock', ['KLAVI_SANDBOX_CLOCK'], 'clock');
  const maxRecords = pick('max-records', ['KLAVI_SANDBOX_MAX_RECORDS'], 'maxRecords');
  const data = pick('data', ['KLAVI_SANDBOX_DATA'], 'data');
  const publicUrl = pick('public-url', ['KLAVI_SANDBOX_PUBLIC_URL'], 'publicUrl');
  const webhookUrl = pick('webhook-url', ['KLAVI_SANDBOX_WEBHOOK_URL'], 'webhookUrl');
  const quietVar =
    env.KLAVI_SANDBOX_QUIET !== undefined
      ? boolean({ value: env.KLAVI_SANDBOX_QUIET, from: 'KLAVI_SANDBOX_QUIET' })
      : undefined;
  if (data && data.value.trim() === '') throw new ConfigError(`${data.from} needs a file name`);

  const settings: SandboxSettings = {
    port: port ? integer(port, 0, 65535) : DEFAULT_PORT,
    host: host ? host.value : DEFAULT_HOST,
    quiet: flags.quiet === true || (quietVar ?? (file.quiet as boolean | undefined) ?? false),
  };
  if (seed) settings.seed = integer(seed);
  if (clock) settings.clock = parseClock(clock);
  if (maxRecords) settings.maxRecords = integer(maxRecords, 1);
  if (data) settings.data = data.value;
  if (publicUrl) settings.publicUrl = url(publicUrl);
  if (webhookUrl) {
    try {
      settings.webhookUrl = checkWebhookUrl(webhookUrl.value.trim(), webhookUrl.from);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  (file.apps as MerchantApp[] | undefined)?.forEach((app, i) => {
    if (app.webhookUrl === undefined) return;
    try {
      checkWebhookUrl(app.webhookUrl, `${configPath}: apps[${i}].webhookUrl`);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  });
  if (file.credentials) settings.credentials = file.credentials as Record<Scheme, Credential[]>;
  if (file.apps) settings.apps = file.apps as MerchantApp[];
  if (file.faults) settings.faults = file.faults as FaultRuleInput[];
  checkAppsOfCredentials(settings, configPath);
  return { kind: 'run', settings };
}
