// Load on the sandbox: create an instant payment, then read its status, over and over, with
// autocannon. Prints requests per second and latency percentiles for each phase.
// Run: pnpm --filter @klavi-pay/sandbox bench   (after pnpm build)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import { DEMO_CREDENTIALS, startSandbox } from '../dist/index.js';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
const body = spec.components.examples.InstantPaymentPixManuRequest.value;
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const sandbox = await startSandbox({ port: 0, quiet: true });
const [pair] = DEMO_CREDENTIALS.CustomerBearer;
const auth = await fetch(`${sandbox.url}/payment/customer/v1/auth`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ accessKey: pair.accessKey, secretKey: pair.secretKey }),
});
const { accessToken } = await auth.json();
const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };

let counter = 0;
const createRequest = {
  method: 'POST',
  path: '/payment/customer/v1/instant/payments',
  headers,
  setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...body, clientRequestId: `bench-${++counter}` }) }),
};
const first = await (await fetch(`${sandbox.url}${createRequest.path}`, { method: 'POST', headers, body: JSON.stringify({ ...body, clientRequestId: 'bench-status' }) })).json();
const statusRequest = { method: 'GET', path: `/payment/customer/v1/instant/payments/${first.id}/status`, headers };

function run(title, requests) {
  return new Promise((resolve, reject) => {
    autocannon({ url: sandbox.url, connections, duration, requests }, (error, result) => (error ? reject(error) : resolve({ title, result })));
  });
}

const results = [];
results.push(await run('create (POST /instant/payments)', [createRequest]));
results.push(await run('get status (GET /instant/payments/{id}/status)', [statusRequest]));
results.push(await run('create + get status, alternating', [createRequest, statusRequest]));
await sandbox.close();

console.log(`\nNode ${process.version}, ${connections} connections, ${duration} s per phase, request and response validation on\n`);
console.log('| Phase | req/s (mean) | p50 ms | p99 ms | non-2xx |');
console.log('|---|---|---|---|---|');
for (const { title, result } of results) {
  console.log(`| ${title} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx} |`);
}
