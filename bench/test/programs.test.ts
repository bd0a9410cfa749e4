// The client contenders must do the same work, or their figures compare nothing: each program
// creates a real payment on the sandbox, sends the same request as the others, and still works
// after being bundled the way the size figure measures it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_CREDENTIALS, startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENDERS, type ConnectOptions } from '../src/programs/index.js';
import { bundleSize, startClientServer, timeInMemory, timePerCall } from '../src/suites/client.js';
import { examplePaymentBody } from '../src/workspace.js';

let sandbox: Sandbox;
let credentials: ConnectOptions;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  const [pair] = DEMO_CREDENTIALS.CustomerBearer;
  credentials = { baseUrl: sandbox.url, accessKey: pair!.accessKey, secretKey: pair!.secretKey };
});

afterAll(async () => {
  expect(sandbox.violations).toEqual([]);
  await sandbox.close();
});

async function statusOf(id: string): Promise<string> {
  const auth = await fetch(`${sandbox.url}/payment/customer/v1/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKey: credentials.accessKey, secretKey: credentials.secretKey }),
  });
  const { accessToken } = (await auth.json()) as { accessToken: string };
  const response = await fetch(`${sandbox.url}/payment/customer/v1/instant/payments/${id}/status`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { status: string }).status;
}

describe.each(CONTENDERS.map((c) => [c.name, c] as const))('%s', (_name, contender) => {
  it('creates a payment the sandbox then knows, and reuses its token', async () => {
    const program = contender.connect(credentials);
    const first = await program.createPayment({
      ...examplePaymentBody(),
      clientRequestId: `programs-${contender.name}-1`,
    });
    const second = await program.createPayment({
      ...examplePaymentBody(),
      clientRequestId: `programs-${contender.name}-2`,
    });
    expect(first).not.toBe(second);
    expect(await statusOf(first)).toBe('CONSENT_AWAITING_AUTHORIZATION');
  });

  it('fails on an error answer instead of returning an id', async () => {
    const program = contender.connect(credentials);
    const body = { ...examplePaymentBody(), clientRequestId: `programs-${contender.name}-dup` };
    await program.createPayment(body);
    await expect(program.createPayment(body)).rejects.toThrow();
  });

  it('still creates a payment once bundled, minified, for the browser', async () => {
    const result = await build({
      entryPoints: [contender.source],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const file = join(mkdtempSync(join(tmpdir(), 'bench-program-')), 'program.mjs');
    writeFileSync(file, result.outputFiles[0]!.contents);
    const bundled = (await import(pathToFileURL(file).href)) as { connect: typeof contender.connect };
    const id = await bundled
      .connect(credentials)
      .createPayment({ ...examplePaymentBody(), clientRequestId: `programs-${contender.name}-bundled` });
    expect(await statusOf(id)).toBe('CONSENT_AWAITING_AUTHORIZATION');
    const size = await bundleSize(contender);
    expect(size.gzipped).toBeGreaterThan(0);
    expect(size.gzipped).toBeLessThan(size.minified);
  });
});

describe('the requests the contenders send', () => {
  it('are the same request: method, path, JSON body and a bearer token', async () => {
    const seen: { contender: string; method: string; url: string; authorization: string; body: unknown }[] = [];
    let current = '';
    const read = (request: IncomingMessage) =>
      new Promise<string>((resolve) => {
        let text = '';
        request
          .setEncoding('utf8')
          .on('data', (chunk: string) => (text += chunk))
          .on('end', () => resolve(text));
      });
    const server = createServer(async (request, response) => {
      const body = await read(request);
      const isToken = request.url!.endsWith('/auth');
      if (!isToken)
        seen.push({
          contender: current,
          method: request.method!,
          url: request.url!,
          authorization: String(request.headers.authorization),
          body: JSON.parse(body),
        });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(isToken ? { accessToken: 'token-1', expireIn: 3600 } : { id: 'payment-1' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const contender of CONTENDERS) {
        current = contender.name;
        expect(
          await contender.connect({ baseUrl, accessKey: 'a', secretKey: 'b' }).createPayment(examplePaymentBody()),
        ).toBe('payment-1');
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(seen.map((s) => s.contender)).toEqual(CONTENDERS.map((c) => c.name));
    for (const request of seen) {
      expect(request).toMatchObject({
        method: 'POST',
        url: '/payment/customer/v1/instant/payments',
        authorization: 'Bearer token-1',
        body: examplePaymentBody(),
      });
    }
  });
});

describe('the client suite server', () => {
  it('answers every contender with the spec examples, in its own process', async () => {
    const server = await startClientServer();
    try {
      for (const contender of CONTENDERS) expect(await timePerCall(contender, server.url, 5, 1)).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });
});

describe('the in-memory timing, in a process of its own', () => {
  it('times every contender against the in-memory fetch', async () => {
    for (const contender of CONTENDERS) expect(await timeInMemory(contender.name, 5, 1)).toBeGreaterThan(0);
  });

  it('refuses a contender it does not know, naming the ones it does', async () => {
    await expect(timeInMemory('curl', 5, 1)).rejects.toThrow(
      /usage: client-memory.js CONTENDER CALLS WARMUP \(contenders: raw fetch, openapi-fetch/,
    );
  });
});
