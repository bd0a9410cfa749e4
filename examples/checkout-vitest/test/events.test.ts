// The checkout learns how its payment ended from the events the sandbox POSTs to its webhook URL:
// the test never polls and never reads the payment; it only moves the sandbox's clock, as time
// would pass in production.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKlaviClient } from '@klavi-pay/client';
import { startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckout } from '../src/checkout.js';
import { createEventReceiver } from '../src/events.js';

const SECRET = 'sandbox-customer-secret';
let sandbox: Sandbox;
let server: Server;
let checkout: ReturnType<typeof createCheckout>;
const receiver = createEventReceiver({ secretKey: SECRET });
let duplicates = 0;

beforeAll(async () => {
  // The shop's webhook route, on plain node:http: the raw body goes to the receiver unparsed.
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers.set(name, value);
      const { status, processed } = await receiver.receive(Buffer.concat(chunks).toString('utf8'), headers);
      if (status === 200 && !processed) duplicates++;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sandbox = await startSandbox({
    port: 0,
    quiet: true,
    clock: new Date('2026-11-21T12:00:00Z'),
    webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/klavi/events`,
  });
  const klavi = createKlaviClient({
    baseUrl: sandbox.url,
    credentials: { accessKey: 'sandbox-customer-key', secretKey: SECRET },
    throwOnError: true,
  });
  checkout = createCheckout(klavi, {
    returnUrl: 'https://shop.example/pix/return',
    institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
  });
});

afterAll(async () => {
  await sandbox.close();
  server.close();
  expect(sandbox.violations).toEqual([]);
});

let orders = 0;
const order = (amount: string) => ({
  id: `events-order-${++orders}-${Date.now()}`,
  amount,
  payer: { cpf: '76109277673', name: 'João Silva' },
  pixKey: '+5561988887777',
});

async function atTheBank(payUrl: string, decision: 'approve' | 'reject'): Promise<void> {
  const page = await (await fetch(payUrl)).text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(page)![1]!;
  await fetch(payUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision }),
    redirect: 'manual',
  });
}

describe('the checkout, told by events', () => {
  it('is paid once the payer approves, learned from the events alone', async () => {
    const { paymentId, payUrl } = await checkout.start(order('120.00'));
    await atTheBank(payUrl, 'approve');
    const outcome = receiver.outcome(paymentId);
    // Time passes at the sandbox; nobody asks it anything.
    sandbox.clock.advance(10_000);
    expect(await outcome).toEqual({ paid: true });
  });

  it('is not paid when the account has no funds (magic amount .01)', async () => {
    const { paymentId, payUrl } = await checkout.start(order('120.01'));
    await atTheBank(payUrl, 'approve');
    const outcome = receiver.outcome(paymentId);
    sandbox.clock.advance(10_000);
    expect(await outcome).toEqual({ paid: false, status: 'PAYMENT_REJECTED', reason: 'SALDO_INSUFICIENTE' });
  });

  it('processes a resent event once', async () => {
    const { paymentId } = await checkout.start(order('30.00'));
    const events = await (await fetch(`${sandbox.url}/__sandbox/webhooks/events?resourceId=${paymentId}`)).json();
    const before = duplicates;
    await fetch(`${sandbox.url}/__sandbox/webhooks/events/${events.events[0].event.eventId}/resend`, {
      method: 'POST',
    });
    await expect.poll(() => duplicates).toBe(before + 1);
  });
});
