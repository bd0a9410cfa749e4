// `pnpm images smoke`: the images' smoke test, as the images job of .github/workflows/spec-pr.yml
// runs it (and anyone with a Docker engine, after `pnpm images context`):
//   pnpm images smoke [--context DIR] [--timeout SECONDS]
// builds both images from the contexts, starts the sandbox as the README's command does (a named
// volume on /data, KLAVI_SANDBOX_DATA=/data/sandbox.mdb), waits for it to turn healthy, checks that
// it runs as node and that the volume holds its data file, creates a payment, `docker restart`s it,
// reads the payment back by id, then runs the klavi-contract image against it and in its embedded
// mode. Every wait is bounded; any failure exits 1 with what failed and the sandbox's log.
//
// The HTTP part is also a command of its own, run against any sandbox (test/images.test.ts runs
// it against a klavi-sandbox --data FILE installed from the same tarballs, restarted in between):
//   pnpm images smoke create --base-url URL --state FILE     make a payment, write its id to FILE
//   pnpm images smoke read --base-url URL --state FILE       get it back: 200 and the same id
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_OUT, ROOT } from './pack-images.mjs';

/** The sandbox's demo credentials (packages/sandbox/src/auth.ts, DEMO_CREDENTIALS): what it serves without a config. */
export const DEMO_CUSTOMER = { accessKey: 'sandbox-customer-key', secretKey: 'sandbox-customer-secret' };
export const DEMO_MANAGEMENT = { accessKey: 'sandbox-management-key', secretKey: 'sandbox-management-secret' };
/** The health check's endpoint, as the sandbox image's HEALTHCHECK calls it. */
export const HEALTH_PATH = '/__sandbox/clock';
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The spec's documented PIX_DICT payment (spec/dist/openapi.json), with a fresh idempotency key and
 * an amount whose cents name no sandbox scenario (the example's .01 would end PAYMENT_REJECTED).
 */
export function paymentRequest(clientRequestId) {
  const spec = JSON.parse(readFileSync(join(ROOT, 'spec', 'dist', 'openapi.json'), 'utf8'));
  return { ...spec.components.examples.InstantPaymentPixDictRequest.value, clientRequestId, amount: '42.00' };
}

async function call(baseUrl, method, path, { token, body } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(new URL(path, baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${method} ${path}: no answer from ${baseUrl} (${error.cause?.code ?? error.message})`);
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Polls the health endpoint until it answers 200; throws when `timeoutMs` has passed. */
export async function waitHealthy(baseUrl, { timeoutMs = 60_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  for (;;) {
    try {
      const { status } = await call(baseUrl, 'GET', HEALTH_PATH);
      if (status === 200) return;
      last = `answered ${status}`;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() + intervalMs > deadline)
      throw new Error(
        `${baseUrl}${HEALTH_PATH} did not answer 200 within ${Math.round(timeoutMs / 1000)} s (last: ${last})`,
      );
    await sleep(intervalMs);
  }
}

async function customerToken(baseUrl) {
  const { status, json, text } = await call(baseUrl, 'POST', '/payment/customer/v1/auth', { body: DEMO_CUSTOMER });
  if (status !== 200 || typeof json?.accessToken !== 'string')
    throw new Error(`POST /payment/customer/v1/auth answered ${status}: ${text.slice(0, 500)}`);
  return json.accessToken;
}

/** Makes a payment and writes `{id, clientRequestId}` to `state`. */
export async function createPhase({ baseUrl, state, timeoutMs = 60_000 }) {
  await waitHealthy(baseUrl, { timeoutMs });
  const token = await customerToken(baseUrl);
  const clientRequestId = `image-smoke-${Date.now()}-${process.pid}`;
  const { status, json, text } = await call(baseUrl, 'POST', '/payment/customer/v1/instant/payments', {
    token,
    body: paymentRequest(clientRequestId),
  });
  if (status !== 200 || typeof json?.id !== 'string')
    throw new Error(`POST /payment/customer/v1/instant/payments answered ${status}: ${text.slice(0, 500)}`);
  const record = { id: json.id, clientRequestId, status: json.status };
  writeFileSync(state, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** Gets the payment `state` names: 200 with the same id, or it throws. */
export async function readPhase({ baseUrl, state, timeoutMs = 60_000 }) {
  let record;
  try {
    record = JSON.parse(readFileSync(state, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the state file ${state} (run the create phase first): ${error.message}`);
  }
  if (typeof record?.id !== 'string') throw new Error(`${state} names no payment id`);
  await waitHealthy(baseUrl, { timeoutMs });
  const token = await customerToken(baseUrl);
  const path = `/payment/customer/v1/instant/payments/${encodeURIComponent(record.id)}`;
  const { status, json, text } = await call(baseUrl, 'GET', path, { token });
  if (status !== 200)
    throw new Error(
      `GET ${path} answered ${status}, not 200: the payment made before the restart is gone (${text.slice(0, 300)})`,
    );
  if (json?.id !== record.id)
    throw new Error(`GET ${path} answered the payment ${JSON.stringify(json?.id)}, not ${record.id}`);
  return json;
}

/** klavi-contract's arguments to certify the sandbox at `baseUrl` with its demo credentials. */
export function contractArgs(baseUrl) {
  return [
    '--base-url',
    baseUrl,
    '--access-key',
    DEMO_CUSTOMER.accessKey,
    '--secret-key',
    DEMO_CUSTOMER.secretKey,
    '--management-access-key',
    DEMO_MANAGEMENT.accessKey,
    '--management-secret-key',
    DEMO_MANAGEMENT.secretKey,
    '--quiet',
  ];
}

/**
 * The README's documented `docker run … -v NAME:PATH -e KLAVI_SANDBOX_DATA=FILE …` line: the
 * volume's path and the data file, which the Docker smoke test runs with.
 */
export function readmeDataRun(readme) {
  const line = readme
    .split('\n')
    .find((l) => /\bdocker run\b/.test(l) && /KLAVI_SANDBOX_DATA=/.test(l) && /(?:-v|--volume)[ =]/.test(l));
  if (!line) throw new Error('the sandbox README has no `docker run -v NAME:PATH -e KLAVI_SANDBOX_DATA=FILE` line');
  const volume = /(?:-v|--volume)[ =][^\s:]+:(\/\S*)/.exec(line)[1];
  const file = /KLAVI_SANDBOX_DATA=(\S+)/.exec(line)[1];
  if (!file.startsWith(`${volume.replace(/\/$/, '')}/`))
    throw new Error(`the README's KLAVI_SANDBOX_DATA=${file} is not on its volume ${volume}`);
  return { line: line.trim(), volume, file };
}

// ---------------------------------------------------------------------------------------------
// The Docker smoke test.

function docker(args, { timeoutMs = 60_000, inherit = false, allowFail = false } = {}) {
  const result = spawnSync('docker', args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: inherit ? ['ignore', 'inherit', 'inherit'] : 'pipe',
  });
  const shown = `docker ${args.join(' ')}`;
  if (result.error) {
    if (allowFail) return '';
    throw new Error(
      `${shown}: ${result.error.code === 'ETIMEDOUT' ? `not done within ${Math.round(timeoutMs / 1000)} s` : result.error.message}`,
    );
  }
  if (result.status !== 0 && !allowFail)
    throw new Error(
      `${shown} exited with ${result.status ?? result.signal}${inherit ? '' : `:\n${result.stdout}${result.stderr}`}`,
    );
  return (result.stdout ?? '').trim();
}

/** Waits for the container's HEALTHCHECK to report healthy; throws if it stops or turns unhealthy. */
async function waitContainerHealthy(name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'unknown';
  while (Date.now() < deadline) {
    const state = JSON.parse(docker(['inspect', '--format', '{{json .State}}', name]));
    if (!state.Running) throw new Error(`${name} is not running (status ${state.Status}, exit code ${state.ExitCode})`);
    last = state.Health?.Status ?? 'no health check';
    if (last === 'healthy') return;
    if (last === 'unhealthy')
      throw new Error(`${name}'s HEALTHCHECK reports unhealthy: ${JSON.stringify(state.Health.Log?.at(-1))}`);
    await sleep(1000);
  }
  throw new Error(`${name} did not turn healthy within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}

function hostUrl(name, port) {
  const line = docker(['port', name, `${port}/tcp`])
    .split('\n')
    .find((l) => /:\d+$/.test(l));
  if (!line) throw new Error(`${name} publishes no host port for ${port}/tcp`);
  return `http://127.0.0.1:${/:(\d+)$/.exec(line)[1]}`;
}

export async function dockerSmoke({ context = DEFAULT_OUT, timeoutMs = 90_000, log = console.log } = {}) {
  let images;
  try {
    images = JSON.parse(readFileSync(join(context, 'images.json'), 'utf8'));
  } catch (error) {
    throw new Error(`no build contexts in ${context} (run pnpm images context): ${error.message}`);
  }
  const find = (name) => {
    const image = images.find((i) => i.package === name);
    if (!image)
      throw new Error(`${context}/images.json has no image of ${name}: run pnpm images context without --image`);
    return image;
  };
  try {
    log(`Docker engine ${docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 30_000 })}`);
  } catch (error) {
    throw new Error(`this needs a running Docker engine: ${error.message}`);
  }
  const sandbox = find('@klavi-pay/sandbox');
  const contract = find('@klavi-pay/contract-tests');
  const tag = (image) => `klavi-${image.image}:smoke`;
  for (const image of [sandbox, contract]) {
    log(`▸ docker build ${tag(image)} from ${join(context, image.image)}`);
    docker(['build', '--tag', tag(image), join(context, image.image)], { timeoutMs: 20 * 60_000, inherit: true });
  }

  const { line, volume, file } = readmeDataRun(readFileSync(join(ROOT, 'packages', 'sandbox', 'README.md'), 'utf8'));
  const id = `klavi-smoke-${Date.now().toString(36)}-${process.pid}`;
  const name = `${id}-sandbox`;
  const scratch = mkdtempSync(join(tmpdir(), 'klavi-image-smoke-'));
  const state = join(scratch, 'state.json');
  let failed = true;
  try {
    docker(['network', 'create', id]);
    docker(['volume', 'create', id]);
    // The README's command (`${line}`), on a free host port, a fresh named volume and a network
    // the contract image can reach it on.
    log(`▸ as the README: ${line}`);
    docker([
      'run',
      '--detach',
      '--name',
      name,
      '--network',
      id,
      '--network-alias',
      'sandbox',
      '--publish',
      '127.0.0.1::4010',
      '--volume',
      `${id}:${volume}`,
      '--env',
      `KLAVI_SANDBOX_DATA=${file}`,
      tag(sandbox),
    ]);
    await waitContainerHealthy(name, timeoutMs);
    log(`✓ healthy (its HEALTHCHECK on ${HEALTH_PATH})`);
    const user = docker(['exec', name, 'stat', '-c', '%U', '/proc/1']);
    if (user !== 'node') throw new Error(`the sandbox process runs as ${JSON.stringify(user)}, not node`);
    log('✓ the sandbox process runs as node');

    const created = await createPhase({ baseUrl: hostUrl(name, 4010), state, timeoutMs });
    log(`✓ created payment ${created.id}`);
    const owners = docker(['exec', name, 'stat', '-c', '%U %n', volume, file]).split('\n');
    if (owners.length !== 2 || !owners.every((o) => o.startsWith('node ')))
      throw new Error(`the volume and the data file are not node's: ${owners.join('; ')}`);
    log(`✓ the volume is writable: ${owners.join(', ')}`);

    docker(['restart', '-t', '10', name], { timeoutMs: 60_000 });
    await waitContainerHealthy(name, timeoutMs);
    const read = await readPhase({ baseUrl: hostUrl(name, 4010), state, timeoutMs });
    log(`✓ after docker restart, GET answers payment ${read.id} (${read.status})`);

    log('▸ klavi-contract image against the sandbox container');
    docker(['run', '--rm', '--network', id, tag(contract), ...contractArgs('http://sandbox:4010')], {
      timeoutMs: 10 * 60_000,
      inherit: true,
    });
    log('✓ klavi-contract certified the sandbox container');
    log('▸ klavi-contract image, embedded sandbox');
    docker(['run', '--rm', tag(contract), '--quiet', '--seed', '1'], { timeoutMs: 10 * 60_000, inherit: true });
    log('✓ klavi-contract certified its embedded sandbox');
    failed = false;
  } finally {
    if (failed) {
      console.error(`--- docker logs ${name} (last 200 lines) ---`);
      spawnSync('docker', ['logs', '--tail', '200', name], { stdio: 'inherit', timeout: 30_000 });
    }
    docker(['rm', '--force', name], { allowFail: true });
    docker(['volume', 'rm', id], { allowFail: true });
    docker(['network', 'rm', id], { allowFail: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

const USAGE = `usage: pnpm images smoke [--context DIR] [--timeout SECONDS]          (needs Docker)
       pnpm images smoke create|read --base-url URL --state FILE [--timeout SECONDS]`;

/** The CLI of `pnpm images smoke`; resolves to the exit code. */
export async function smokeMain(argv) {
  const phase = ['create', 'read'].includes(argv[0]) ? argv[0] : undefined;
  const options = {};
  for (let i = phase ? 1 : 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const allowed = phase ? ['--base-url', '--state', '--timeout'] : ['--context', '--timeout'];
    if (!allowed.includes(flag) || value === undefined) {
      console.error(`pnpm images smoke: unknown or incomplete option ${JSON.stringify(flag)}\n${USAGE}`);
      return 2;
    }
    options[flag.slice(2)] = value;
  }
  const timeoutS = options.timeout === undefined ? (phase ? 60 : 90) : Number(options.timeout);
  if (!(timeoutS > 0)) {
    console.error(
      `pnpm images smoke: --timeout must be a number of seconds, got ${JSON.stringify(options.timeout)}\n${USAGE}`,
    );
    return 2;
  }
  if (phase && (!options['base-url'] || !options.state)) {
    console.error(`pnpm images smoke ${phase}: --base-url and --state are required\n${USAGE}`);
    return 2;
  }
  try {
    if (phase === 'create') {
      const { id } = await createPhase({
        baseUrl: options['base-url'],
        state: resolve(options.state),
        timeoutMs: timeoutS * 1000,
      });
      console.log(`created payment ${id}; its id is in ${options.state}`);
    } else if (phase === 'read') {
      const { id, status } = await readPhase({
        baseUrl: options['base-url'],
        state: resolve(options.state),
        timeoutMs: timeoutS * 1000,
      });
      console.log(`read payment ${id} back: ${status}`);
    } else {
      await dockerSmoke({ context: resolve(options.context ?? DEFAULT_OUT), timeoutMs: timeoutS * 1000 });
    }
    return 0;
  } catch (error) {
    console.error(`pnpm images smoke${phase ? ` ${phase}` : ''}: ${error.message}`);
    return 1;
  }
}
