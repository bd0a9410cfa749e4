// The ways to ask the sandbox for an answer other than the work's: the Prefer header's mistakes and
// limits, a draft spec's new status, and fault rules (POST /__sandbox/faults, startSandbox, the
// config file) with the transport faults: held, dropped before or after the work, cut short, and a
// 5xx after the work. The after-the-work faults are honest: the record exists.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, startSandbox } from '../src/index.js';
import { boot, bundle, CUSTOMER, instantBody, MANAGEMENT, type Booted } from './support/harness.js';

const CREATE = '/payment/customer/v1/instant/payments';
const FAULTS = '/__sandbox/faults';

let t: Booted;
beforeAll(async () => (t = await boot()));
afterAll(() => t.stop());
beforeEach(async () => {
  expect((await t.raw(FAULTS, { method: 'DELETE' })).status).toBe(204);
});

async function create(body: unknown, prefer?: string): Promise<Response> {
  return t.raw(CREATE, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await t.token()}`,
      'content-type': 'application/json',
      ...(prefer === undefined ? {} : { prefer }),
    },
    body: JSON.stringify(body),
  });
}

async function get(path: string, prefer?: string): Promise<Response> {
  return t.raw(path, {
    headers: { authorization: `Bearer ${await t.token()}`, ...(prefer === undefined ? {} : { prefer }) },
  });
}

const addRule = (rule: unknown) =>
  t.raw(FAULTS, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });

async function message(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

/** The instant payments with this clientRequestId: what the sandbox really holds. */
const withKey = (clientRequestId: string) =>
  [...t.sandbox.state.records('instant')].filter((r) => r.request.clientRequestId === clientRequestId);

describe('the Prefer header', () => {
  it('refuses an undocumented code with the ones the operation documents', async () => {
    const response = await create(instantBody(), 'code=418');
    expect(response.status).toBe(400);
    expect(await message(response)).toBe(
      "the Prefer header's code 418 is not documented for createInstantPayment; it documents 200, 400, 401, 403, 409, 416, 422, 429, 500, 502, 503, 504",
    );
  });

  it('refuses a code that is not a status, naming the header', async () => {
    const response = await create(instantBody(), 'code=5xx');
    expect(response.status).toBe(400);
    expect(await message(response)).toBe('the Prefer header\'s code must be a three-digit HTTP status, got "5xx"');
  });

  it('gives a named example as it stands, and says which it applied', async () => {
    const response = await create(instantBody(), 'example=BusinessProcessingError');
    expect(response.status).toBe(416);
    expect(response.headers.get('preference-applied')).toBe('example=BusinessProcessingError');
    expect(await response.json()).toEqual(bundle.components.examples.BusinessProcessingError.value);
  });

  it('refuses an unknown example, a success example, and an example of another status', async () => {
    const unknown = await create(instantBody(), 'example=Nope');
    expect(unknown.status).toBe(400);
    expect(await message(unknown)).toMatch(
      /^the Prefer header's example "Nope" is not an example of createInstantPayment; its error examples are BadRequest \(400\), /,
    );
    const success = await create(instantBody(), 'example=InstantPaymentCreated');
    expect(success.status).toBe(400);
    expect(await message(success)).toMatch(/is a success answer of createInstantPayment/);
    const mismatch = await create(instantBody(), 'code=503, example=Conflict');
    expect(mismatch.status).toBe(400);
    expect(await message(mismatch)).toBe(
      "the Prefer header's example Conflict documents 409, not the 503 of the Prefer header's code",
    );
  });

  it('refuses a preference of its own it cannot read, rather than do the work', async () => {
    for (const prefer of ['code=503 example=Conflict', 'code:503', 'example="Conflict']) {
      const body = instantBody();
      const response = await create(body, prefer);
      expect(response.status, prefer).toBe(400);
      expect(await message(response), prefer).toMatch(/^the Prefer header's .* cannot be read/);
      expect(withKey(body.clientRequestId), prefer).toHaveLength(0);
    }
  });

  it('refuses a Prefer header too long to be a few preferences, in linear time', async () => {
    const response = await create(instantBody(), `code${' '.repeat(2000)}x`);
    expect(response.status).toBe(400);
    expect(await message(response)).toBe('the Prefer header is 2005 characters long; the sandbox reads at most 1024');
  });

  it("takes no property of a plain object for an example's name", async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const response = await create(instantBody(), `example=${name}`);
      expect(response.status, name).toBe(400);
      expect(await message(response), name).toMatch(
        /is not an example of createInstantPayment; its error examples are BadRequest \(400\)/,
      );
    }
  });

  it("answers a caller's own mistakes as they are: no token is 401, a bad body 400", async () => {
    const anonymous = await t.raw(CREATE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'code=503' },
      body: JSON.stringify(instantBody()),
    });
    expect(anonymous.status).toBe(401);
    // Before the Prefer header is read: an anonymous caller learns nothing of the operation's answers.
    const anonymousAsking = await t.raw(CREATE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'code=418' },
      body: JSON.stringify(instantBody()),
    });
    expect(anonymousAsking.status).toBe(401);
    const bad = await create({ ...instantBody(), amount: 'ten' }, 'code=503');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('preference-applied')).toBeNull();
  });

  it('does nothing for a made-up answer, and the work for a success', async () => {
    const body = instantBody();
    expect((await create(body, 'code=503')).status).toBe(503);
    expect(withKey(body.clientRequestId)).toHaveLength(0);
    const done = await create(body, 'code=200');
    expect(done.status).toBe(200);
    expect(done.headers.get('preference-applied')).toBe('code=200');
    expect(withKey(body.clientRequestId)).toHaveLength(1);
    // A success asked for, that the work does not give, is not said to be applied.
    const id = ((await done.json()) as { id: string }).id;
    const unknown = id.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const missing = await get(`${CREATE}/${unknown}`, 'code=200');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('preference-applied')).toBeNull();
  });

  it('ignores the preferences it does not know, and reads the first of a repeated one', async () => {
    expect((await create(instantBody(), 'return=minimal, respond-async')).status).toBe(200);
    expect((await create(instantBody(), 'wait=5; x="a,b", code=429, code=500')).status).toBe(429);
  });
});

describe('a draft of the spec', () => {
  it('makes a newly documented status producible with no code change', async () => {
    const draft = structuredClone(bundle);
    draft.paths['/payment/customer/v1/instant/payments/{id}'].get.responses['423'] = {
      description: 'Locked: the payment is being reconciled.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    const sandbox = await startSandbox({ port: 0, quiet: true, document: draft });
    try {
      const token = await fetch(`${sandbox.url}/payment/customer/v1/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey }),
      }).then(async (r) => ((await r.json()) as { accessToken: string }).accessToken);
      const response = await fetch(`${sandbox.url}${CREATE}/fcb72e3a-b346-4f71-b044-971dc23232c9`, {
        headers: { authorization: `Bearer ${token}`, prefer: 'code=423' },
      });
      expect(response.status).toBe(423);
      expect(await response.json()).toEqual({
        statusCode: 423,
        error: 'Locked',
        message: 'Prefer: code=423 asked for this answer; nothing was done',
      });
      const listed = (await (await fetch(`${sandbox.url}/__sandbox/answers`)).json()) as {
        operations: Array<{ operationId: string; statuses: number[] }>;
      };
      expect(listed.operations.find((o) => o.operationId === 'getInstantPayment')?.statuses).toContain(423);
      expect(sandbox.violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('fault rules', () => {
  it('answer a status for as many requests as `times` says, then go', async () => {
    const added = await addRule({ operationId: 'createInstantPayment', status: 503, times: 2 });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ id: expect.stringMatching(/^fault-\d+$/), remaining: 2, hits: 0 });
    const first = await create(instantBody());
    expect(first.status).toBe(503);
    expect(await message(first)).toMatch(
      /^fault rule fault-\d+ answered 503 in place of createInstantPayment; nothing was done$/,
    );
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toMatchObject([
      { remaining: 1, hits: 1 },
    ]);
    expect((await create(instantBody())).status).toBe(503);
    expect((await create(instantBody())).status).toBe(200);
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('give a 429 with the Retry-After asked for, whatever the case of its name', async () => {
    await addRule({ operationId: 'createInstantPayment', status: 429, headers: { 'RETRY-AFTER': '7' }, times: 1 });
    const response = await create(instantBody());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it("are not taken by a caller's own mistake: the request is answered as it is, the rule waits", async () => {
    await addRule({ operationId: 'createInstantPayment', status: 503, times: 1 });
    expect((await create({ ...instantBody(), amount: 'ten' })).status).toBe(400);
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toMatchObject([{ hits: 0 }]);
    expect((await create(instantBody())).status).toBe(503);
  });

  it('refuse a body that is not JSON, saying what to send', async () => {
    const response = await t.raw(FAULTS, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'drop' });
    expect(response.status).toBe(400);
    expect(await message(response)).toBe(
      'send a fault rule (or a list of them) as JSON, with Content-Type: application/json',
    );
  });

  it('drop the connection before the work: nothing is created', async () => {
    await addRule({ operationId: 'createInstantPayment', drop: 'before', times: 1 });
    const body = instantBody();
    await expect(create(body)).rejects.toThrow(TypeError);
    expect(withKey(body.clientRequestId)).toHaveLength(0);
    expect((await create(body)).status).toBe(200);
  });

  it('drop the connection after the work: the payment exists, and a replay of its key is a conflict', async () => {
    await addRule({ operationId: 'createInstantPayment', drop: 'after', times: 1 });
    const body = instantBody();
    await expect(create(body)).rejects.toThrow(TypeError);
    expect(withKey(body.clientRequestId)).toHaveLength(1);
    expect((await create(body)).status).toBe(409);
  });

  it('answer a 504 after the work: the payment exists', async () => {
    await addRule({ operationId: 'createInstantPayment', status: 504, when: 'after', times: 1 });
    const body = instantBody();
    const response = await create(body);
    expect(response.status).toBe(504);
    expect(await message(response)).toMatch(
      /^fault rule fault-\d+ answered 504 after createInstantPayment was done \(the work was done: it answered 200\)$/,
    );
    expect(withKey(body.clientRequestId)).toHaveLength(1);
  });

  it('cut the body of the real answer short: the payment exists, the client cannot read it', async () => {
    await addRule({ operationId: 'createInstantPayment', truncate: true, times: 1 });
    const body = instantBody();
    const response = await create(body);
    expect(response.status).toBe(200);
    const length = Number(response.headers.get('content-length'));
    expect(length).toBeGreaterThan(0);
    await expect(response.text()).rejects.toThrow();
    expect(withKey(body.clientRequestId)).toHaveLength(1);
  });

  it('hold a request: a client that stops waiting gets nothing, and a closing server stops holding', async () => {
    const sandbox = await startSandbox({
      port: 0,
      quiet: true,
      faults: [{ operationId: 'listMerchantApps', latencyMs: 300_000 }],
    });
    const url = `${sandbox.url}/payment/management/v1/merchants/apps`;
    const headers = { authorization: `Bearer ${await managementToken(sandbox.url)}` };
    await expect(fetch(url, { headers, signal: AbortSignal.timeout(200) })).rejects.toThrow(/abort|timeout/i);
    const held = fetch(url, { headers }).then(
      (r) => r.status,
      (error: Error) => error,
    );
    // Until the server has the request in hand (the rule has taken it), closing would not be the test.
    await expect.poll(() => sandbox.faults.list()[0]?.hits, { interval: 5 }).toBe(2);
    await sandbox.close();
    expect(await held).toBeInstanceOf(TypeError);
  });

  it('hold many requests at once without a listener warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const sandbox = await startSandbox({
      port: 0,
      quiet: true,
      faults: [{ operationId: 'listMerchantApps', latencyMs: 300_000 }],
    });
    try {
      const url = `${sandbox.url}/payment/management/v1/merchants/apps`;
      const token = await managementToken(sandbox.url);
      const held = Array.from({ length: 20 }, () =>
        fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((error: Error) => error),
      );
      await expect.poll(() => sandbox.faults.list()[0]?.hits, { interval: 5 }).toBe(20);
      await sandbox.close();
      for (const outcome of await Promise.all(held)) expect(outcome).toBeInstanceOf(TypeError);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('drop a connection of an injected request too (app.inject, no socket)', async () => {
    const { app } = await buildApp({
      quiet: true,
      faults: [{ operationId: 'getInstantPaymentStatus', drop: 'before' }],
    });
    try {
      const token = (
        await app.inject({
          method: 'POST',
          url: '/payment/customer/v1/auth',
          payload: { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
        })
      ).json().accessToken;
      const outcome = await app
        .inject({
          method: 'GET',
          url: '/payment/customer/v1/instant/payments/abc/status',
          headers: { authorization: `Bearer ${token}` },
        })
        .then(
          (response) => `answered ${response.statusCode}`,
          (error: Error) => `failed: ${error.message}`,
        );
      expect(outcome).not.toMatch(/^answered/);
    } finally {
      await app.close();
    }
  });

  it('leave a request with a Prefer header to it, and the rule untaken', async () => {
    await addRule({ operationId: 'createInstantPayment', status: 503, times: 1 });
    expect((await create(instantBody(), 'code=429')).status).toBe(429);
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toMatchObject([{ hits: 0 }]);
  });

  it('are listed, removed one by one or all at once', async () => {
    const added = (await (
      await addRule([
        { operationId: 'getInstantPayment', status: 500 },
        { operationId: 'listOrders', latencyMs: 10 },
      ])
    ).json()) as { faults: Array<{ id: string }> };
    expect(added.faults).toHaveLength(2);
    expect((await t.raw(`${FAULTS}/${added.faults[0]!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.raw(`${FAULTS}/${added.faults[0]!.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toMatchObject([
      { operationId: 'listOrders' },
    ]);
    expect((await t.raw(FAULTS, { method: 'DELETE' })).status).toBe(204);
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it.each([
    [
      { operationId: 'nope', status: 500 },
      /^body.operationId "nope" is not an operation of the spec; they are createCustomerAccessToken, /,
    ],
    [
      { operationId: 'getInstantPayment', status: 418 },
      /^body.status 418 is not documented for getInstantPayment; it documents 200, /,
    ],
    [
      { operationId: 'getInstantPayment', status: 200 },
      /^body.status 200 is what getInstantPayment answers without a rule/,
    ],
    [{ operationId: 'getInstantPayment', status: 404, when: 'after' }, /^body.when "after" is for 5xx answers/],
    [
      { operationId: 'getInstantPayment', status: 500, drop: 'after' },
      /^body may do one thing: .* it gives status and drop$/,
    ],
    [{ operationId: 'getInstantPayment' }, /^body does nothing: give status/],
    [{ operationId: 'getInstantPayment', drop: 'later' }, /body.drop/],
    [
      { operationId: 'getInstantPayment', status: 429, headers: { 'Retry-After': 'soon' } },
      /^body.headers.Retry-After: Retry-After must be of type integer/,
    ],
    [
      { operationId: 'getInstantPayment', status: 429, headers: { 'X-Foo': '1' } },
      /^body.headers.X-Foo: X-Foo is not a documented header of getInstantPayment's 429; it documents Retry-After$/,
    ],
    [{ operationId: 'getInstantPayment', drop: 'before', when: 'after' }, /^body.when goes with status$/],
    [{ operationId: 'getInstantPayment', latencyMs: 300_001 }, /body.latencyMs/],
    [{ operationId: 'getInstantPayment', status: 500, times: 0 }, /body.times/],
    [JSON.parse('{"operationId":"getInstantPayment","status":500,"__proto__":{"times":1}}'), /__proto__/],
  ])('refuse %j, naming the field', async (rule, expected) => {
    const response = await addRule(rule);
    expect(response.status).toBe(400);
    expect(await message(response)).toMatch(expected);
  });

  it('are kept to at most 1000, and a list that would pass that is taken not at all', async () => {
    const rule = { operationId: 'listOrders', latencyMs: 1 };
    expect((await addRule(Array.from({ length: 999 }, () => rule))).status).toBe(201);
    const over = await addRule([rule, rule]);
    expect(over.status).toBe(400);
    expect(await message(over)).toBe(
      'the sandbox keeps at most 1000 fault rules, and 999 are in force; DELETE /__sandbox/faults clears them',
    );
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toHaveLength(999);
  });

  it('are taken whole or not at all from a list', async () => {
    const response = await addRule([
      { operationId: 'getInstantPayment', status: 500 },
      { operationId: 'getInstantPayment', status: 418 },
    ]);
    expect(response.status).toBe(400);
    expect(await message(response)).toMatch(/^body\[1\]\.status 418/);
    expect(((await (await t.raw(FAULTS)).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('are checked when given to startSandbox, naming the field', async () => {
    await expect(
      startSandbox({ port: 0, quiet: true, faults: [{ operationId: 'getOrder', status: 416 }] }),
    ).rejects.toThrow(
      new RangeError(
        'faults[0].status 416 is not documented for getOrder; it documents 200, 400, 401, 403, 404, 429, 500, 502, 503, 504',
      ),
    );
    const sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      expect(() => sandbox.faults.add({ operationId: 'getOrder', drop: 'before', truncate: true })).toThrow(
        /^rule may do one thing/,
      );
      expect(sandbox.faults.add({ operationId: 'getOrder', status: 502, times: 3 })).toMatchObject({ remaining: 3 });
    } finally {
      await sandbox.close();
    }
  });
});

async function managementToken(url: string): Promise<string> {
  const response = await fetch(`${url}/payment/management/v1/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKey: MANAGEMENT.accessKey, secretKey: MANAGEMENT.secretKey }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}
