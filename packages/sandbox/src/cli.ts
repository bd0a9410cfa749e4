// klavi-sandbox [--port 4010] [--host 127.0.0.1] [--seed N] [--max-records N] [--data FILE] [--quiet]
import { parseArgs } from 'node:util';
import { DataFileBusy, DataFileError, DEMO_CREDENTIALS, startSandbox, StoredRecordError } from './index.js';

const USAGE = `Usage: klavi-sandbox [--port 4010] [--host 127.0.0.1] [--seed N] [--max-records N] [--data FILE] [--quiet]

A stateful simulator of the Klavi Pay API. Point a client at the printed URL.
  --max-records N   keep at most N payments and consents: past it, the oldest whose status is
                    terminal are evicted (their ids answer 404). Default: no bound.
  --data FILE       keep payments, consents, the token signing keys and the clock in FILE (an
                    LMDB database, made if missing), so a restart goes on where the last run
                    stopped: old ids and old tokens still work. Default: memory only.`;

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string' },
        'max-records': { type: 'string' },
        data: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, got ${values.port}`);
    process.exit(2);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    console.error(`--seed must be an integer, got ${values.seed}`);
    process.exit(2);
  }
  const maxRecords = values['max-records'] === undefined ? undefined : Number(values['max-records']);
  if (maxRecords !== undefined && (!Number.isInteger(maxRecords) || maxRecords < 1)) {
    console.error(`--max-records must be a positive integer, got ${values['max-records']}`);
    process.exit(2);
  }
  if (values.data === '') {
    console.error('--data needs a file name');
    process.exit(2);
  }
  let sandbox;
  try {
    sandbox = await startSandbox({
      port,
      host: values.host,
      quiet: values.quiet,
      ...(seed !== undefined ? { seed } : {}),
      ...(maxRecords !== undefined ? { maxRecords } : {}),
      ...(values.data !== undefined ? { data: values.data } : {}),
    });
  } catch (error) {
    if (!(error instanceof DataFileBusy || error instanceof DataFileError || error instanceof StoredRecordError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const [customer] = DEMO_CREDENTIALS.CustomerBearer;
  const [management] = DEMO_CREDENTIALS.ManagementBearer;
  console.log(`Klavi sandbox listening on ${sandbox.url}
  Customer credentials:   accessKey=${customer!.accessKey} secretKey=${customer!.secretKey}
  Management credentials: accessKey=${management!.accessKey} secretKey=${management!.secretKey}
  Magic amounts:          ${sandbox.url}/__sandbox/scenarios
  Advance the clock:      POST ${sandbox.url}/__sandbox/clock/advance {"seconds": 60}${values.data !== undefined ? `\n  Data file:              ${values.data} (${sandbox.state.instantPayments.size + sandbox.state.consents.size + sandbox.state.automaticPayments.size} records)` : ''}`);
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
