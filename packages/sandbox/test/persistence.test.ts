// `data`: a sandbox that keeps its state in a file goes on after a restart where the last run
// stopped: the same records, bank links, idempotency keys, clock, ids and signing keys.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFileBusy, DataFileError, StoredRecordError, type StartSandboxOptions } from '../src/index.js';
import { toStored } from '../src/persistence/records.js';
import { journalOf } from '../src/persistence/restore.js';
import type { SandboxState } from '../src/domain/state.js';
import {
  APP_ID,
  boot,
  decide,
  example,
  instantBody,
  internalState,
  key,
  START,
  type Booted,
} from './support/harness.js';

const CREATE = '/payment/customer/v1/instant/payments';
const CONSENTS = '/payment/customer/v1/automatic/consents';

let dir: string;
let file: string;
const running: Booted[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'klavi-data-'));
  file = join(dir, 'sandbox.mdb');
});
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: StartSandboxOptions = {}): Promise<Booted> {
  const t = await boot({ data: file, ...options });
  running.push(t);
  return t;
}

/** A bank link of an earlier run, on the port this run listens on. */
const on = (t: Booted, url: string) => t.sandbox.url + new URL(url).pathname;

async function stop(t: Booted): Promise<void> {
  running.splice(running.indexOf(t), 1);
  await t.stop();
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (token: string, init: RequestInit = {}) => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
});

async function post(t: Booted, token: string, path: string, body: unknown) {
  const response = await t.raw(path, bearer(token, json(body)));
  return { status: response.status, body: (await response.json()) as any };
}

async function get(t: Booted, token: string, path: string) {
  const response = await t.raw(path, bearer(token));
  return { status: response.status, body: (await response.json()) as any };
}

/** Everything the state holds, each record brought up to date with the clock first, as JSON. */
function dump(state: SandboxState) {
  const kinds = ['instant', 'consent', 'automatic-payment'] as const;
  // records() brings each up to date with the clock; the store's snapshot has the rest.
  const records = kinds.flatMap((kind) => [...state.records(kind)].map((record) => toStored(kind, record, 0)));
  const held = state.store.snapshot();
  return JSON.parse(
    JSON.stringify({
      records,
      links: [...held.links].sort(),
      usedKeys: [...held.usedKeys].sort(),
      rateLimited: [...held.rateLimited].sort(),
      now: state.clock.now(),
      ids: state.ids.toData(),
      lists: held.lists,
    }),
  );
}

describe('a sandbox with a data file', () => {
  it('answers an old payment to an old token after a restart', async () => {
    const first = await start();
    const token = await first.token();
    const created = await post(first, token, CREATE, instantBody());
    expect(created.status).toBe(200);
    const before = await get(first, token, `${CREATE}/${created.body.id}`);
    await stop(first);

    const second = await start();
    const after = await get(second, token, `${CREATE}/${created.body.id}`);
    expect(after).toEqual(before);
    // Its bank link still works, once, and the payment then settles on the kept clock.
    await decide(second.sandbox, on(second, created.body.consentRedirectURL), 'approve');
    second.sandbox.clock.advance(10_000);
    expect((await get(second, token, `${CREATE}/${created.body.id}/status`)).body.status).toBe('PAYMENT_COMPLETED');
  });

  it('restores every record, link, key, limit, list order, the clock and the ids exactly', async () => {
    const first = await start({ tokenLifetimeS: 86_400 });
    const token = await first.token();
    const management = await first.token('management');
    // Instant payments in several states: settled, rejected, cancelled, awaiting, opened but undecided.
    const settled = await post(first, token, CREATE, instantBody());
    await decide(first.sandbox, settled.body.consentRedirectURL, 'approve');
    const rejected = await post(first, token, CREATE, instantBody({ amount: '10.01' }));
    await decide(first.sandbox, rejected.body.consentRedirectURL, 'approve');
    const cancelled = await post(first, token, CREATE, instantBody());
    expect(
      (
        await post(first, token, `${CREATE}/${cancelled.body.id}/cancel`, {
          cancelledBy: '12345678901',
          identifierType: 'CPF',
        })
      ).status,
    ).toBe(200);
    const declined = await post(first, token, CREATE, instantBody());
    await decide(first.sandbox, declined.body.consentRedirectURL, 'reject');
    await post(first, token, CREATE, instantBody());
    const opened = await post(first, token, CREATE, instantBody());
    expect((await fetch(opened.body.consentRedirectURL)).status).toBe(200);
    // The one-off 429 of the magic amount .29, whose retry then succeeds.
    const limitedKey = key('limited');
    expect(
      (await post(first, token, CREATE, instantBody({ amount: '10.29', clientRequestId: limitedKey }))).status,
    ).toBe(429);
    // A consent, authorized, with a rejected payment and its retry, and one scheduled later.
    const consentBody = { ...example('AutomaticConsentRequest'), clientRequestId: key('consent') };
    const consent = await post(first, token, CONSENTS, consentBody);
    await decide(first.sandbox, consent.body.consentRedirectURL, 'approve');
    const today = new Date(first.sandbox.clock.now() - 3 * 3600_000).toISOString().slice(0, 10);
    const payments = `${CONSENTS}/${consent.body.id}/payments`;
    const failed = await post(first, token, payments, { clientRequestId: key('charge'), date: today, amount: '90.01' });
    first.sandbox.clock.advance(5_000);
    expect((await get(first, token, `${payments}/${failed.body.id}/status`)).body.status).toBe('PAYMENT_REJECTED');
    expect(
      (await post(first, token, `${payments}/${failed.body.id}/retry`, { clientRequestId: key('retry'), date: today }))
        .status,
    ).toBe(200);
    await post(first, token, payments, { clientRequestId: key('later'), date: '2026-12-24', amount: '90.00' });
    const dropped = await post(first, token, payments, {
      clientRequestId: key('dropped'),
      date: '2026-12-25',
      amount: '90.00',
    });
    expect(
      (
        await post(first, token, `${payments}/${dropped.body.id}/cancel`, {
          cancelledBy: '12345678901',
          identifierType: 'CPF',
        })
      ).status,
    ).toBe(200);
    const refused = await post(first, token, CONSENTS, { ...consentBody, clientRequestId: key('consent') });
    await decide(first.sandbox, refused.body.consentRedirectURL, 'reject');
    first.sandbox.clock.advance(1_500);
    const before = dump(internalState(first.sandbox));
    const listBefore = await get(first, management, `/payment/management/v1/merchants/${APP_ID}/orders?pageSize=200`);
    await stop(first);

    const second = await start({ tokenLifetimeS: 86_400 });
    expect(dump(internalState(second.sandbox))).toEqual(before);
    expect(await get(second, management, `/payment/management/v1/merchants/${APP_ID}/orders?pageSize=200`)).toEqual(
      listBefore,
    );
    // What the first run refused or used stays so.
    expect(
      (await post(second, token, CREATE, instantBody({ clientRequestId: settled.body.clientRequestId }))).status,
    ).toBe(409);
    expect(
      (await post(second, token, CREATE, instantBody({ amount: '10.29', clientRequestId: limitedKey }))).status,
    ).toBe(200);
    expect((await fetch(on(second, opened.body.consentRedirectURL))).status).toBe(410);
  });

  it('gives the ids the same run without a restart would give', async () => {
    const straight = await boot({ data: join(dir, 'straight.mdb') });
    running.push(straight);
    const token = await straight.token();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await post(straight, token, CREATE, instantBody())).body.id);

    const first = await start();
    const restartedIds = [
      (await post(first, await first.token(), CREATE, instantBody())).body.id,
      (await post(first, await first.token(), CREATE, instantBody())).body.id,
    ];
    await stop(first);
    const second = await start();
    const again = await second.token();
    restartedIds.push(
      (await post(second, again, CREATE, instantBody())).body.id,
      (await post(second, again, CREATE, instantBody())).body.id,
    );
    expect(restartedIds).toEqual(ids);
  });

  it('keeps a clock moved by the control API, and moves it on from there', async () => {
    const first = await start();
    await first.raw('/__sandbox/clock/advance', json({ seconds: 3600 }));
    await stop(first);
    const second = await start();
    expect(second.sandbox.clock.now()).toBe(START + 3_600_000);
  });

  it('keeps a clock moved in code once the sandbox closes', async () => {
    const first = await start();
    first.sandbox.clock.advance(90_000);
    await stop(first);
    const second = await start();
    expect(second.sandbox.clock.now()).toBe(START + 90_000);
  });

  it('forgets evicted records in the file too', async () => {
    const first = await start({ maxRecords: 10, tokenLifetimeS: 86_400 });
    const token = await first.token();
    const old: string[] = [];
    for (let i = 0; i < 10; i++) old.push((await post(first, token, CREATE, instantBody())).body.id);
    first.sandbox.clock.advance(61 * 60_000);
    await post(first, token, CREATE, instantBody());
    await stop(first);
    const second = await start({ tokenLifetimeS: 86_400 });
    expect(second.sandbox.state.count('instant')).toBe(9);
    expect((await get(second, token, `${CREATE}/${old[0]}/status`)).status).toBe(404);
    expect((await get(second, token, `${CREATE}/${old[2]}/status`)).status).toBe(200);
  });

  it('applies a lower bound at start, to what the last run kept', async () => {
    const first = await start({ tokenLifetimeS: 86_400 });
    const token = await first.token();
    for (let i = 0; i < 10; i++) await post(first, token, CREATE, instantBody());
    first.sandbox.clock.advance(61 * 60_000);
    await stop(first);
    const second = await start({ maxRecords: 5 });
    expect(second.sandbox.state.count('instant')).toBe(4);
    await stop(second);
    const third = await start();
    expect(third.sandbox.state.count('instant')).toBe(4);
  });

  it('keeps nothing without one', async () => {
    const first = await boot();
    running.push(first);
    expect(journalOf(first.sandbox.state)).toBeUndefined();
  });
});

describe('a data file that does not fit is refused, naming why', () => {
  it('is in use by another sandbox', async () => {
    await start();
    await expect(boot({ data: file })).rejects.toThrow(DataFileBusy);
    await expect(boot({ data: file })).rejects.toThrow(/already open in this process/);
  });

  it('was made with another seed', async () => {
    await stop(await start());
    await expect(boot({ data: file, seed: 8 })).rejects.toThrow(
      /made with seed 7; start it without a seed, or use another file for seed 8/,
    );
    // The refusal let go of the file.
    running.push(await boot({ data: file }));
  });

  it('was made with another start time', async () => {
    await stop(await start());
    await expect(boot({ data: file, clock: new Date('2030-01-01T00:00:00Z') })).rejects.toThrow(DataFileError);
    await expect(boot({ data: file, clock: 'system' })).rejects.toThrow(
      /made with clock 2026-11-21T12:00:00.000Z; start it without a clock/,
    );
  });

  it('holds a record that is not one', async () => {
    const first = await start();
    const id = (await post(first, await first.token(), CREATE, instantBody())).body.id;
    await stop(first);
    await edit((db) => {
      const stored = db.get(`record\u001finstant\u001f${id}`) as any;
      db.putSync(`record\u001finstant\u001f${id}`, { ...stored, createdAt: 'yesterday' });
    });
    await expect(boot({ data: file })).rejects.toThrow(
      new RegExp(`instant ${id}: createdAt must be epoch milliseconds, got "yesterday"`),
    );
  });

  it('holds a status change the spec does not allow', async () => {
    const first = await start();
    const id = (await post(first, await first.token(), CREATE, instantBody())).body.id;
    await stop(first);
    await edit((db) => {
      const stored = db.get(`record\u001finstant\u001f${id}`) as any;
      db.putSync(`record\u001finstant\u001f${id}`, {
        ...stored,
        life: {
          ...stored.life,
          status: 'PAYMENT_COMPLETED',
          history: ['CONSENT_AWAITING_AUTHORIZATION', 'PAYMENT_COMPLETED'],
        },
      });
    });
    await expect(boot({ data: file })).rejects.toThrow(StoredRecordError);
    await expect(boot({ data: file })).rejects.toThrow(/CONSENT_AWAITING_AUTHORIZATION.*PAYMENT_COMPLETED/);
  });

  it('has a format this sandbox does not read', async () => {
    await stop(await start());
    await edit((db) => db.putSync('origin', { ...(db.get('origin') as object), format: 99 }));
    await expect(boot({ data: file })).rejects.toThrow(/has format 99; this sandbox reads format 1/);
  });
});

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'klavi-sandbox.js');

/** `klavi-sandbox --data FILE` in its own process, and its URL once it listens. */
async function cli(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--data', file, ...args]);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  while (!/listening on (http:\S+)/.test(output)) {
    const ended = await Promise.race([
      once(child.stdout, 'data').then(() => false),
      once(child, 'exit').then(() => true),
    ]);
    if (ended) throw new Error(`klavi-sandbox exited: ${output}`);
  }
  return { child, url: /listening on (http:\S+)/.exec(output)![1]! };
}

describe('klavi-sandbox --data', () => {
  it('keeps what it answered through a kill -9', async () => {
    const first = await cli();
    const auth = await fetch(
      `${first.url}/payment/customer/v1/auth`,
      json({ accessKey: 'sandbox-customer-key', secretKey: 'sandbox-customer-secret' }),
    );
    const { accessToken } = (await auth.json()) as { accessToken: string };
    const created = await fetch(first.url + CREATE, bearer(accessToken, json(instantBody())));
    const { id } = (await created.json()) as { id: string };
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await cli();
    try {
      const read = await fetch(`${second.url}${CREATE}/${id}/status`, bearer(accessToken));
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id, status: 'CONSENT_AWAITING_AUTHORIZATION' });
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });

  it('keeps what a connection dropped after the work did, through a kill -9 (a fault from the config file)', async () => {
    const config = join(dir, 'faults.json');
    writeFileSync(
      config,
      JSON.stringify({ faults: [{ operationId: 'createInstantPayment', drop: 'after', times: 1 }] }),
    );
    const first = await cli('--config', config);
    const auth = await fetch(
      `${first.url}/payment/customer/v1/auth`,
      json({ accessKey: 'sandbox-customer-key', secretKey: 'sandbox-customer-secret' }),
    );
    const { accessToken } = (await auth.json()) as { accessToken: string };
    const body = instantBody();
    await expect(fetch(first.url + CREATE, bearer(accessToken, json(body)))).rejects.toThrow(TypeError);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await cli();
    try {
      // The client never heard, but the payment was made: its key is taken.
      const replay = await fetch(second.url + CREATE, bearer(accessToken, json(body)));
      expect(replay.status).toBe(409);
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });

  it('refuses a fault rule of its config file that the spec does not allow, and exits 2 naming it', async () => {
    const config = join(dir, 'faults.json');
    writeFileSync(config, JSON.stringify({ faults: [{ operationId: 'getOrder', status: 416 }] }));
    const child = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--config', config]);
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toBe(
      "klavi-sandbox: the config file's faults[0].status 416 is not documented for getOrder; it documents 200, 400, 401, 403, 404, 429, 500, 502, 503, 504\n",
    );
  });

  it('refuses a file another sandbox process holds, and exits 2 naming it', async () => {
    const holder = await cli();
    try {
      const child = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--data', file]);
      let errors = '';
      child.stderr.on('data', (chunk) => (errors += chunk));
      const [code] = await once(child, 'exit');
      expect(code).toBe(2);
      expect(errors).toContain(`is in use by process ${holder.child.pid}`);
    } finally {
      holder.child.kill('SIGTERM');
      await once(holder.child, 'exit');
    }
  });
});

async function edit(change: (db: ReturnType<typeof open>) => void): Promise<void> {
  const db = open({ path: file, encoding: 'json' });
  change(db);
  await db.close();
}

describe('a commit that fails', () => {
  it('is owed again by the next commit', async () => {
    const { Journal } = await import('../src/persistence/journal.js');
    const { createClock } = await import('../src/clock.js');
    const { createIds } = await import('../src/ids.js');
    const { awaitingInstantAuthorization } = await import('../src/domain/lifecycle.js');
    const commits: Array<{ put: Array<{ id: string }> }> = [];
    let fail = true;
    const file = {
      commit: async (changes: { put: Array<{ id: string }> }) => {
        if (fail) throw new Error('disk full');
        commits.push(changes);
      },
    };
    const journal = new Journal(file as never, createClock(START), createIds(1), 0);
    const record = {
      id: 'p1',
      appId: APP_ID,
      createdAt: START,
      request: { clientRequestId: 'k1' },
      consentId: 'c',
      endToEndId: undefined,
      cancellation: undefined,
      life: awaitingInstantAuthorization(START),
      link: { token: 't', kind: 'instant', resourceId: 'p1', expiresAt: START, opened: false, formToken: undefined },
    };
    journal.changed('instant', record as never);
    await expect(journal.commit()).rejects.toThrow('disk full');
    fail = false;
    await journal.commit();
    expect(commits.map((c) => c.put.map((r) => r.id))).toEqual([['p1']]);
    // Nothing more is owed.
    expect(journal.commit()).toBeUndefined();
  });
});
