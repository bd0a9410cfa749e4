// The client's retry, idempotency-conflict and polling rules against the real sandbox, one test per
// fault the sandbox can inject (POST /__sandbox/faults; here through `sandbox.faults`), beside the
// fetch-double tests of retry.test.ts. The after-the-work faults are honest: the sandbox really
// made the payment, so what the client says about it is checked against what exists.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DEMO_CREDENTIALS, type FaultRuleInput, type Sandbox, startSandbox } from '@klavi-pay/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  awaitPaymentStatus,
  createKlaviClient,
  KlaviIdempotencyConflictError,
  KlaviNetworkError,
  KlaviTimeoutError,
  type KlaviClientEvent,
  type KlaviClientOptions,
} from '../src/index.js';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;
const CREATE = '/payment/customer/v1/instant/payments';
const STATUS = '/payment/customer/v1/instant/payments/{id}/status';
const CANCEL = '/payment/customer/v1/instant/payments/{id}/cancel';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, clock: Date.parse('2026-11-21T12:00:00Z'), seed: 9 });
});
afterAll(async () => {
  await sandbox.close();
  expect(sandbox.violations, 'answers the spec does not allow').toEqual([]);
});
beforeEach(() => sandbox.faults.clear());

let counter = 0;
function paymentBody() {
  return {
    ...structuredClone(spec.components.examples.InstantPaymentPixManuRequest.value),
    clientRequestId: `faults-${++counter}-${Date.now().toString(36)}`,
  };
}

function client(options: Partial<KlaviClientOptions> = {}) {
  const events: KlaviClientEvent[] = [];
  const klavi = createKlaviClient({
    baseUrl: sandbox.url,
    credentials: { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
    // Short backoff steps: what is tested is which answers are replayed, not how long the waits are.
    retry: { baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 },
    logger: (event) => events.push(event),
    ...options,
  } as KlaviClientOptions);
  const retries = () => events.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason);
  return { klavi, events, retries };
}

/** The payments the sandbox holds with this clientRequestId: what really exists. */
const held = (clientRequestId: string) =>
  [...sandbox.state.records('instant')].filter((r) => r.request.clientRequestId === clientRequestId);

async function created(klavi: ReturnType<typeof client>['klavi']): Promise<string> {
  const { data } = await klavi.POST(CREATE, { body: paymentBody() });
  return data!.id;
}

/**
 * A create whose first attempt did the work but whose answer never came whole, under `rule`: the
 * replay is a 409, which the client explains as KlaviIdempotencyConflictError naming the earlier
 * failure; and the sandbox holds the payment, once.
 */
async function createAfterTheWork(rule: Omit<FaultRuleInput, 'operationId'>, earlierFailure: string): Promise<void> {
  const { klavi } = client();
  sandbox.faults.add({ operationId: 'createInstantPayment', times: 1, ...rule });
  const body = paymentBody();
  const { error } = await klavi.POST(CREATE, { body });
  expect(error).toBeInstanceOf(KlaviIdempotencyConflictError);
  expect(error).toMatchObject({ status: 409, clientRequestId: body.clientRequestId, earlierFailure, attempts: 2 });
  expect(held(body.clientRequestId)).toHaveLength(1);
}

describe('a documented status before the work', () => {
  it('503 on a status read: replayed until it gets through', async () => {
    const { klavi, retries } = client();
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', status: 503, times: 2 });
    const { data, response } = await klavi.GET(STATUS, { params: { path: { id } } });
    expect(response.status).toBe(200);
    expect(data?.id).toBe(id);
    expect(retries()).toEqual(['503', '503']);
  });

  it('502 and 504 on a create: replayed with the same clientRequestId, and one payment made', async () => {
    const { klavi, retries } = client();
    sandbox.faults.add({ operationId: 'createInstantPayment', status: 502, times: 1 });
    sandbox.faults.add({ operationId: 'createInstantPayment', status: 504, times: 1 });
    const body = paymentBody();
    const { data } = await klavi.POST(CREATE, { body });
    expect(data?.clientRequestId).toBe(body.clientRequestId);
    expect(retries()).toEqual(['502', '504']);
    expect(held(body.clientRequestId)).toHaveLength(1);
  });

  it('429 with Retry-After: waited for as the header says, then replayed', async () => {
    const { klavi, events } = client();
    const id = await created(klavi);
    sandbox.faults.add({
      operationId: 'getInstantPaymentStatus',
      status: 429,
      headers: { 'Retry-After': '1' },
      times: 1,
    });
    const { response } = await klavi.GET(STATUS, { params: { path: { id } } });
    expect(response.status).toBe(200);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 1000, reason: '429, Retry-After 1 s' });
  });

  it('429 with a Retry-After past maxRetryAfterMs: given back at once, not waited for', async () => {
    const { klavi } = client();
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', status: 429, headers: { 'Retry-After': '120' } });
    const { error } = await klavi.GET(STATUS, { params: { path: { id } } });
    expect(error?.status).toBe(429);
    expect(error?.response.headers.get('retry-after')).toBe('120');
    // Sent once: the rule has taken one request.
    expect(sandbox.faults.list()[0]?.hits).toBe(1);
  });

  it('503 on a cancel (not idempotent): not replayed, the error is given back', async () => {
    const { klavi, retries } = client();
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'cancelInstantPayment', status: 503, times: 1 });
    const { error } = await klavi.POST(CANCEL, {
      params: { path: { id } },
      body: spec.components.examples.CancelPaymentRequest.value,
    });
    expect(error?.status).toBe(503);
    expect(retries()).toEqual([]);
    expect(sandbox.state.instantPayment(id)?.life.status).toBe('CONSENT_AWAITING_AUTHORIZATION');
  });

  it('429 on a cancel: replayed, since a 429 is answered before anything is done', async () => {
    const { klavi, retries } = client();
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'cancelInstantPayment', status: 429, headers: { 'Retry-After': '0' }, times: 1 });
    const { data } = await klavi.POST(CANCEL, {
      params: { path: { id } },
      body: spec.components.examples.CancelPaymentRequest.value,
    });
    expect(data?.status).toBe('CANCELED');
    expect(retries()).toEqual(['429, Retry-After 0 s']);
  });
});

describe('the connection dropped', () => {
  it('before the work, on a create: replayed, and one payment made', async () => {
    const { klavi, retries } = client();
    sandbox.faults.add({ operationId: 'createInstantPayment', drop: 'before', times: 1 });
    const body = paymentBody();
    const { data } = await klavi.POST(CREATE, { body });
    expect(data?.clientRequestId).toBe(body.clientRequestId);
    expect(retries()).toEqual(['network error']);
    expect(held(body.clientRequestId)).toHaveLength(1);
  });

  it('after the work, on a create: the replay is a 409, and the client says the payment most likely exists', () =>
    createAfterTheWork({ drop: 'after' }, 'network error'));

  it('before the work, on every attempt: a KlaviNetworkError after maxAttempts, and nothing made', async () => {
    const { klavi } = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    sandbox.faults.add({ operationId: 'createInstantPayment', drop: 'before' });
    const body = paymentBody();
    await expect(klavi.POST(CREATE, { body })).rejects.toBeInstanceOf(KlaviNetworkError);
    expect(sandbox.faults.list()[0]?.hits).toBe(3);
    expect(held(body.clientRequestId)).toHaveLength(0);
  });
});

describe('a gateway failing after the work', () => {
  it('504 after the create was made: the replay is a 409, KlaviIdempotencyConflictError names the 504', () =>
    createAfterTheWork({ status: 504, when: 'after' }, '504'));

  it('502 after the create was made: the same', () => createAfterTheWork({ status: 502, when: 'after' }, '502'));
});

describe('a body cut short', () => {
  it('on a status read: a failed attempt, replayed, and the replay is the answer', async () => {
    const { klavi, retries } = client();
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', truncate: true, times: 1 });
    const { data, response } = await klavi.GET(STATUS, { params: { path: { id } } });
    expect(response.status).toBe(200);
    expect(data?.id).toBe(id);
    expect(retries()).toEqual(['network error']);
  });

  it('on a create: the payment was made though its answer was unreadable; the replay is a 409 the client explains', () =>
    createAfterTheWork({ truncate: true }, 'network error'));

  it('on a cancel (not idempotent): a KlaviNetworkError, no replay, and the cancel was done', async () => {
    const { klavi, retries } = client();
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'cancelInstantPayment', truncate: true, times: 1 });
    await expect(
      klavi.POST(CANCEL, { params: { path: { id } }, body: spec.components.examples.CancelPaymentRequest.value }),
    ).rejects.toBeInstanceOf(KlaviNetworkError);
    expect(retries()).toEqual([]);
    expect(sandbox.state.instantPayment(id)?.life.status).toBe('CANCELED');
  });
});

describe('a slow answer', () => {
  it('past the attempt timeout, on a status read: that attempt times out, the replay gets through', async () => {
    const { klavi, retries } = client({ timeoutMs: 200 });
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', latencyMs: 60_000, times: 1 });
    const { response } = await klavi.GET(STATUS, { params: { path: { id } } });
    expect(response.status).toBe(200);
    expect(retries()).toEqual(['timeout']);
  });

  it('past the attempt timeout, on a cancel: a KlaviTimeoutError, no replay, and the cancel still happens', async () => {
    const { klavi, retries } = client({ timeoutMs: 100 });
    const id = await created(klavi);
    sandbox.faults.add({ operationId: 'cancelInstantPayment', latencyMs: 400, times: 1 });
    await expect(
      klavi.POST(CANCEL, { params: { path: { id } }, body: spec.components.examples.CancelPaymentRequest.value }),
    ).rejects.toBeInstanceOf(KlaviTimeoutError);
    expect(retries()).toEqual([]);
    // The server went on with it after the client stopped waiting: why a cancel is never replayed blind.
    await expect.poll(() => sandbox.state.instantPayment(id)?.life.status, { interval: 20 }).toBe('CANCELED');
  });
});

describe('polling through faults', () => {
  it('follows a payment to PAYMENT_COMPLETED while its status reads fail, drop and stall now and then', async () => {
    // Five attempts per read: the four faults below may all fall on one read.
    const { klavi, retries } = client({ timeoutMs: 300, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 } });
    const id = await created(klavi);
    await approve(sandbox.state.instantPayment(id)!.link.token);
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', status: 503, times: 1 });
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', drop: 'before', times: 1 });
    sandbox.faults.add({ operationId: 'getInstantPaymentStatus', latencyMs: 60_000, times: 1 });
    sandbox.faults.add({
      operationId: 'getInstantPaymentStatus',
      status: 429,
      headers: { 'Retry-After': '0' },
      times: 1,
    });
    // The payment settles one status per sandbox second: the sandbox's clock is moved while the client polls.
    const ticker = setInterval(() => sandbox.clock.advance(1000), 5);
    try {
      const final = await awaitPaymentStatus(klavi, id, { intervalMs: 10, timeoutMs: 20_000 });
      expect(final.status).toBe('PAYMENT_COMPLETED');
    } finally {
      clearInterval(ticker);
    }
    expect(retries()).toEqual(expect.arrayContaining(['503', 'network error', 'timeout', '429, Retry-After 0 s']));
    expect(sandbox.faults.list()).toEqual([]);
  });
});

/** Approves a payment at the sandbox's bank page, as the payer would. */
async function approve(linkToken: string): Promise<void> {
  const page = await fetch(`${sandbox.url}/sandbox/bank/authorize/${linkToken}`);
  const html = await page.text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!formToken || !action) throw new Error(`no decision form on the bank page:\n${html.slice(0, 500)}`);
  const decided = await fetch(sandbox.url + action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision: 'approve' }).toString(),
    redirect: 'manual',
  });
  expect(decided.status).toBe(303);
}
