// Per-call overhead of @klavi-pay/client against bare openapi-fetch and raw fetch (GET a payment
// status, token already cached). Twice: over a local HTTP server, where the network stack
// dominates, and over an in-memory fetch, which leaves only the clients' own work.
// Run: pnpm --filter @klavi-pay/client bench
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createKlaviClient, type KlaviClient } from '../src/index.js';
import type { paths } from '../src/generated/schema.js';

const STATUS = JSON.stringify({
  id: 'cfa45795-fe16-48e2-a372-130e30a72606',
  clientRequestId: 'order-1',
  amount: '1333.04',
  currency: 'BRL',
  status: 'PAYMENT_PENDING',
  statusUpdateAt: '2026-11-21T12:00:00Z',
});
const TOKEN = JSON.stringify({ accessToken: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2ln', expireIn: 3600 });

let server: Server;
let baseUrl = '';
let klavi: KlaviClient;
let bare: ReturnType<typeof createClient<paths>>;

const memoryFetch = async (request: Request) =>
  new Response(request.url.endsWith('/auth') ? TOKEN : STATUS, { status: 200, headers: { 'content-type': 'application/json' } });
const klaviInMemory = createKlaviClient({ baseUrl: 'http://memory.invalid', credentials: { accessKey: 'bench', secretKey: 'bench' }, fetch: memoryFetch });
const bareInMemory = createClient<paths>({ baseUrl: 'http://memory.invalid', headers: { authorization: 'Bearer token' }, fetch: memoryFetch });
const options = { time: 2000, warmupTime: 500 };

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url?.endsWith('/auth') ? TOKEN : STATUS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  klavi = createKlaviClient({ baseUrl, credentials: { accessKey: 'bench', secretKey: 'bench' } });
  bare = createClient<paths>({ baseUrl, headers: { authorization: 'Bearer token' } });
  await klavi.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
  await klaviInMemory.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET payment status, local server', () => {
  bench('raw fetch', async () => {
    const response = await fetch(`${baseUrl}/payment/customer/v1/instant/payments/p1/status`, { headers: { authorization: 'Bearer token' } });
    await response.json();
  }, options);

  bench('openapi-fetch', async () => {
    await bare.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
  }, options);

  bench('@klavi-pay/client', async () => {
    await klavi.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
  }, options);
});

describe('GET payment status, in-memory fetch', () => {
  bench('raw fetch', async () => {
    const response = await memoryFetch(new Request('http://memory.invalid/payment/customer/v1/instant/payments/p1/status', { headers: { authorization: 'Bearer token' } }));
    await response.json();
  }, options);

  bench('openapi-fetch', async () => {
    await bareInMemory.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
  }, options);

  bench('@klavi-pay/client', async () => {
    await klaviInMemory.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
  }, options);
});
