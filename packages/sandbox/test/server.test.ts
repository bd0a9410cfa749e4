import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp, CONTROL_PREFIX, startSandbox } from '../src/index.js';
import { readOperations } from '@klavi-pay/openapi-runtime';
import { loadBundle } from '../src/spec.js';
import { boot, illegalMoves, instantBody, internalState, START } from './support/harness.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('serving the spec', () => {
  it('routes every operation of the bundle, each behind its documented auth', async () => {
    const t = await boot();
    try {
      const operations = readOperations(loadBundle());
      expect(operations.length).toBe(21);
      for (const op of operations) {
        const path = op.path.replace(/\{[^}]+\}/g, 'abc');
        const response = await t.raw(path, {
          method: op.method,
          ...(op.method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        });
        // Secured operations answer 401 without a token; the others validate the empty body (400).
        expect(response.status, `${op.operationId}`).toBe(op.security ? 401 : 400);
        expect(
          String(response.status) in op.responsePointers,
          `${op.operationId} ${response.status} is documented`,
        ).toBe(true);
      }
    } finally {
      await t.stop();
    }
  });

  it('refuses to start when an operation of the spec has no handler', async () => {
    // Every handler exists today; the check itself is what keeps it so.
    const { app } = await buildApp({ quiet: true });
    await app.close();
  });
});

describe('operations', () => {
  it('logs one line per request: method, path, status, ms and request id', async () => {
    const lines: string[] = [];
    const t = await boot({ quiet: false, log: (line) => lines.push(line) });
    try {
      await t.raw('/payment/customer/v1/instant/payments/abc/status', { headers: { 'x-request-id': 'trace-42' } });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^GET \/payment\/customer\/v1\/instant\/payments\/abc\/status 401 \d+\.\dms trace-42$/);
    } finally {
      await t.stop();
    }
  });

  it('answers a response check that throws with a 500 and the error body, and goes on serving', async () => {
    // A broken record makes the status answer break the spec; the onViolation hook then throws
    // while the answer is being sent, outside the handler (the answers of a turn leave together).
    const t = await boot({
      onViolation: () => {
        throw new Error('hook failed');
      },
    });
    try {
      const { data } = await t.client.POST('/payment/customer/v1/instant/payments', {
        body: instantBody() as never,
        throwOnError: true,
      });
      const headers = { authorization: `Bearer ${await t.token()}` };
      // Once, so that the token is verified and the next request is served synchronously.
      expect((await t.raw(`/payment/customer/v1/instant/payments/${data.id}/status`, { headers })).status).toBe(200);
      (t.sandbox.state.instantPayment(data.id)!.request as { amount: string }).amount = 'not an amount';
      const broken = await t.raw(`/payment/customer/v1/instant/payments/${data.id}/status`, { headers });
      expect(broken.status).toBe(500);
      expect(broken.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await broken.json()).toMatchObject({ message: expect.stringMatching(/sandbox bug/) });
      expect(t.sandbox.violations.map((v) => v.operationId)).toEqual(['getInstantPaymentStatus']);
      t.sandbox.violations.length = 0; // made on purpose: the harness fails on any left
      expect((await t.raw('/nowhere')).status).toBe(404);
    } finally {
      await t.stop();
    }
  });

  it('echoes the request id, or makes one', async () => {
    const t = await boot();
    try {
      expect((await t.raw('/nowhere', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe(
        'abc-123',
      );
      expect((await t.raw('/nowhere')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        (await t.raw('/nowhere', { headers: { 'x-request-id': 'bad id with spaces' } })).headers.get('x-request-id'),
      ).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await t.stop();
    }
  });

  it('puts the request id on every answer: success, refusal, not found and CORS preflight', async () => {
    const t = await boot();
    try {
      const id = (n: number) => ({ 'x-request-id': `trace-${n}` });
      const token = await t.token();
      const create = (headers: Record<string, string>, body: unknown) =>
        t.raw('/payment/customer/v1/instant/payments', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const answers = [
        await create({ authorization: `Bearer ${token}`, ...id(1) }, instantBody()),
        await create({ authorization: `Bearer ${token}`, ...id(2) }, { ...instantBody(), amount: 'x' }),
        await create(id(3), instantBody()),
        await t.raw('/nowhere', { headers: id(4) }),
        await t.raw('/payment/customer/v1/auth', { method: 'GET', headers: id(5) }),
        await t.raw('/payment/customer/v1/instant/payments', {
          method: 'OPTIONS',
          headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', ...id(6) },
        }),
      ];
      expect(answers.map((a) => [a.status, a.headers.get('x-request-id')])).toEqual([
        [200, 'trace-1'],
        [400, 'trace-2'],
        [401, 'trace-3'],
        [404, 'trace-4'],
        [405, 'trace-5'],
        [204, 'trace-6'],
      ]);
    } finally {
      await t.stop();
    }
  });

  it('logs nothing in quiet mode', async () => {
    const lines: string[] = [];
    const t = await boot({ quiet: true, log: (line) => lines.push(line) });
    await t.raw('/nowhere');
    await t.stop();
    expect(lines).toEqual([]);
  });

  it('finishes a request in flight when closed, then refuses new connections', async () => {
    const t = await boot();
    const token = await t.token();
    const body = JSON.stringify(instantBody());
    const { port } = new URL(t.sandbox.url);
    // Send the headers and half the body, close the sandbox, then send the rest: the request
    // that had started must still be answered.
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/payment/customer/v1/instant/payments',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    const answered = new Promise<number>((resolve, reject) =>
      request
        .on('response', (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
        .on('error', reject),
    );
    request.write(body.slice(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = t.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    request.end(body.slice(100));
    expect(await answered).toBe(200);
    await closing;
    await expect(fetch(`${t.sandbox.url}/nowhere`)).rejects.toThrow();
  });
});

describe('the clock', () => {
  it('is advanced through the control endpoint, which is not part of the API', async () => {
    const t = await boot();
    try {
      expect(await (await t.raw(`${CONTROL_PREFIX}/clock`)).json()).toEqual({ now: new Date(START).toISOString() });
      const advanced = await t.raw(`${CONTROL_PREFIX}/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"seconds": 90}',
      });
      expect(await advanced.json()).toEqual({ now: new Date(START + 90_000).toISOString() });
      expect(t.sandbox.clock.now()).toBe(START + 90_000);
      const bad = await t.raw(`${CONTROL_PREFIX}/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"seconds": -1}',
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toBe(
        'body.seconds (or body.ms) must be a non-negative number',
      );
    } finally {
      await t.stop();
    }
  });

  it('follows the wall clock by default', async () => {
    const sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      expect(Math.abs(sandbox.clock.now() - Date.now())).toBeLessThan(1000);
    } finally {
      await sandbox.close();
    }
  });
});

describe('seeds', () => {
  it('make the same calls give the same ids', async () => {
    const ids: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const t = await boot({ seed: 1234 });
      const { data } = await t.client.POST('/payment/customer/v1/instant/payments', {
        body: { ...instantBody(), clientRequestId: 'same-order' } as never,
        throwOnError: true,
      });
      ids.push([data.id]);
      await t.stop();
    }
    expect(ids[0]).toEqual(ids[1]);
  });
});

describe('klavi-sandbox (bin)', () => {
  it('prints its base URL and the demo credentials, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(packageDir, 'bin', 'klavi-sandbox.js'), '--port', '0', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    while (!output.includes('Management credentials')) await once(child.stdout, 'data');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(output).toContain('accessKey=sandbox-customer-key secretKey=sandbox-customer-secret');
    expect(output).toContain('accessKey=sandbox-management-key');
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('prints its version', async () => {
    const child = spawn(process.execPath, [join(packageDir, 'bin', 'klavi-sandbox.js'), '--version'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output.trim()).toBe(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version);
  });

  it('takes the port from PORT, a frozen clock from --clock and its pairs from a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klavi-config-'));
    const config = join(dir, 'sandbox.json');
    const credentials = {
      CustomerBearer: [
        {
          accessKey: 'shop-key',
          secretKey: 'shop-secret',
          merchantId: 'demo-merchant',
          appId: '0b59d801-08e0-4e84-9ecd-569f34e32279',
        },
      ],
      ManagementBearer: [{ accessKey: 'ops-key', secretKey: 'ops-secret', merchantId: 'demo-merchant' }],
    };
    writeFileSync(config, JSON.stringify({ quiet: true, credentials }));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const child = spawn(
      process.execPath,
      [join(packageDir, 'bin', 'klavi-sandbox.js'), '--config', config, '--clock', '2026-11-21T12:00:00Z'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PORT: String(port) },
      },
    );
    try {
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      while (!output.includes('Advance the clock')) await once(child.stdout, 'data');
      expect(output).toContain(`listening on http://127.0.0.1:${port}`);
      expect(output).toContain('accessKey=shop-key (secretKey from the config file)');
      expect(output).not.toContain('shop-secret');
      const url = `http://127.0.0.1:${port}`;
      const auth = (accessKey: string, secretKey: string) =>
        fetch(`${url}/payment/customer/v1/auth`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accessKey, secretKey }),
        });
      expect((await auth('shop-key', 'shop-secret')).status).toBe(200);
      expect((await auth('sandbox-customer-key', 'sandbox-customer-secret')).status).toBe(401);
      expect(await (await fetch(`${url}/__sandbox/clock`)).json()).toEqual({ now: '2026-11-21T12:00:00.000Z' });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bad option with usage and exit code 2', async () => {
    const child = spawn(process.execPath, [join(packageDir, 'bin', 'klavi-sandbox.js'), '--port', 'many'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toContain('--port must be an integer from 0 to 65535, got "many"');
  });

  it('reports a port in use instead of crashing silently', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(startSandbox({ port, quiet: true })).rejects.toThrow(/EADDRINUSE/);
    blocker.close();
  });
});

describe('the state machines', () => {
  it('refuse at run time a status change that x-transitions does not allow, naming it', async () => {
    const t = await boot();
    const { data } = await t.client.POST('/payment/customer/v1/instant/payments', {
      body: instantBody() as never,
      throwOnError: true,
    });
    const record = internalState(t.sandbox).instantPayment(data.id)!;
    expect(() => record.life.move('PAYMENT_COMPLETED', t.sandbox.clock.now())).toThrow(
      'InstantPaymentStatus: CONSENT_AWAITING_AUTHORIZATION cannot move to PAYMENT_COMPLETED; x-transitions allows CONSENT_AUTHORIZED, CONSENT_REJECTED, CANCELED, ERROR, EXPIRED',
    );
    expect(record.life.status).toBe('CONSENT_AWAITING_AUTHORIZATION');
    expect(() => record.life.moveFrom(['PAYMENT_PENDING'], 'CANCELED', t.sandbox.clock.now())).toThrow(
      /moveFrom\(PAYMENT_PENDING\) called in CONSENT_AWAITING_AUTHORIZATION/,
    );
    await t.stop();
  });

  it('are also checked by the report every test ends with', async () => {
    const t = await boot();
    const { data } = await t.client.POST('/payment/customer/v1/instant/payments', {
      body: instantBody() as never,
      throwOnError: true,
    });
    const record = t.sandbox.state.instantPayment(data.id)!;
    // The history is read-only outside the lifecycle: broken here on purpose.
    const history = record.life.history as string[];
    history.push('PAYMENT_COMPLETED');
    expect(illegalMoves(t.sandbox)).toEqual([
      `InstantPaymentStatus ${data.id}: CONSENT_AWAITING_AUTHORIZATION → PAYMENT_COMPLETED`,
    ]);
    history.pop();
    await t.stop();
  });
});
