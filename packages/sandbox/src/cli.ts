// klavi-sandbox: the sandbox as a command-line tool; `klavi-sandbox --help` lists its options.
import { readFileSync } from 'node:fs';
import { ConfigError, resolveConfig, USAGE } from './config.js';
import {
  DataFileBusy,
  DataFileError,
  DEMO_CREDENTIALS,
  type Sandbox,
  startSandbox,
  StoredRecordError,
} from './index.js';

/** This package's version, from its package.json (two levels up from dist/cli.js and src/cli.ts). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let resolved: ReturnType<typeof resolveConfig>;
  try {
    resolved = resolveConfig(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (resolved.kind === 'help') return void console.log(USAGE);
  if (resolved.kind === 'version') return void console.log(version());
  const { settings } = resolved;
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port: settings.port,
      host: settings.host,
      quiet: settings.quiet,
      ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
      ...(settings.clock !== undefined ? { clock: settings.clock } : {}),
      ...(settings.maxRecords !== undefined ? { maxRecords: settings.maxRecords } : {}),
      ...(settings.data !== undefined ? { data: settings.data } : {}),
      ...(settings.publicUrl !== undefined ? { publicUrl: settings.publicUrl } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      ...(settings.apps ? { apps: settings.apps } : {}),
      ...(settings.faults ? { faults: settings.faults } : {}),
      ...(settings.webhookUrl !== undefined ? { webhookUrl: settings.webhookUrl } : {}),
    });
  } catch (error) {
    // Only the config file gives faults; a rule the spec does not allow is refused by name.
    if (error instanceof RangeError && /^faults\[\d+\]/.test(error.message)) {
      console.error(`klavi-sandbox: the config file's ${error.message}`);
      process.exit(2);
    }
    if (!(error instanceof DataFileBusy || error instanceof DataFileError || error instanceof StoredRecordError))
      throw error;
    // One line, naming the file and what is wrong with it.
    console.error(`klavi-sandbox: ${error.message}`);
    process.exit(2);
  }
  const credentials = settings.credentials ?? DEMO_CREDENTIALS;
  const [customer] = credentials.CustomerBearer;
  const [management] = credentials.ManagementBearer;
  // Configured secrets are the operator's own: only the demo ones are printed.
  const pair = (c: { accessKey: string; secretKey: string }) =>
    settings.credentials
      ? `accessKey=${c.accessKey} (secretKey from the config file)`
      : `accessKey=${c.accessKey} secretKey=${c.secretKey}`;
  console.log(`Klavi sandbox ${version()} listening on ${sandbox.url}
  Customer credentials:   ${pair(customer!)}
  Management credentials: ${pair(management!)}
  Clock:                  ${settings.clock === undefined || settings.clock === 'system' ? 'system' : `frozen at ${new Date(sandbox.clock.now()).toISOString()}`}
  Magic amounts:          ${sandbox.url}/__sandbox/scenarios
  Advance the clock:      POST ${sandbox.url}/__sandbox/clock/advance {"seconds": 60}
  Payment events:         ${settings.webhookUrl ?? (settings.apps?.some((a) => a.webhookUrl) ? "to each app's webhookUrl" : 'off (--webhook-url URL)')}${settings.webhookUrl || settings.apps?.some((a) => a.webhookUrl) ? `; deliveries at ${sandbox.url}/__sandbox/webhooks/deliveries` : ''}
  Documented answers:     send Prefer: code=503, or POST ${sandbox.url}/__sandbox/faults (${sandbox.faults.list().length} in force)${settings.data !== undefined ? `\n  Data file:              ${settings.data} (${sandbox.state.count()} records)` : ''}${settings.publicUrl !== undefined ? `\n  Public URL:             ${settings.publicUrl} (the bank's links)` : ''}`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing, waiting for requests in flight`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
