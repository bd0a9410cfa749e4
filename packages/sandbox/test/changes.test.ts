// The change stream: every change to what the sandbox keeps is told, typed, as it happens, to
// whoever subscribes (the data file's journal is one such listener).
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { InstantStatus } from '../src/spec-model.js';
import type { SandboxChange } from '../src/index.js';
import { APP_ID, boot, decide, example, instantBody, key, postJson, START, type Booted } from './support/harness.js';

const CREATE = '/payment/customer/v1/instant/payments';
const CONSENTS = '/payment/customer/v1/automatic/consents';

let t: Booted | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function post(booted: Booted, path: string, body: unknown) {
  const response = await postJson(booted, path, body);
  return {
    status: response.status,
    body: (await response.json()) as { id: string; consentRedirectURL?: string; status: string },
  };
}

const status = async (booted: Booted, id: string) =>
  (
    await booted.raw(`${CREATE}/${id}/status`, { headers: { authorization: `Bearer ${await booted.token()}` } })
  ).json() as Promise<{ status: string }>;

/** Subscribes, and gives what was told so far. */
function record(booted: Booted): SandboxChange[] {
  const changes: SandboxChange[] = [];
  booted.sandbox.state.subscribe((change) => changes.push(change));
  return changes;
}

/** A change without its live record, to compare. */
const plain = ({ record: _record, ...change }: SandboxChange & { record?: unknown }) => change;

describe('the change stream', () => {
  it('tells a create, a bank visit and decision, and each status move, typed', async () => {
    t = await boot();
    const changes = record(t);
    const created = await post(t, CREATE, instantBody());
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(changes.map(plain)).toEqual([
      { type: 'created', kind: 'instant', id, appId: APP_ID, at: START, status: 'CONSENT_AWAITING_AUTHORIZATION' },
    ]);
    const made = changes[0]!;
    if (made.type !== 'created' || made.kind !== 'instant') throw new Error('not an instant payment made');
    expect(made.record).toBe(t.sandbox.state.instantPayment(id));
    expect(made.record.request.clientRequestId).toBeTypeOf('string');

    changes.length = 0;
    await decide(t.sandbox, created.body.consentRedirectURL!, 'approve');
    const endToEndId = t.sandbox.state.instantPayment(id)!.endToEndId;
    expect(changes.map(plain)).toEqual([
      { type: 'link-opened', kind: 'instant', id, appId: APP_ID, at: START, awaitingDecision: true },
      { type: 'link-decided', kind: 'instant', id, appId: APP_ID, at: START, decision: 'approve' },
      { type: 'end-to-end-id-assigned', kind: 'instant', id, appId: APP_ID, at: START, endToEndId },
      { type: 'replanned', kind: 'instant', id, appId: APP_ID, at: START },
      // The first step of the plan has no delay: the approval's own catch-up applies it.
      {
        type: 'status-moved',
        kind: 'instant',
        id,
        appId: APP_ID,
        at: START,
        from: 'CONSENT_AWAITING_AUTHORIZATION',
        to: 'CONSENT_AUTHORIZED',
        reason: undefined,
        cause: 'plan',
      },
    ]);

    // Planned steps fall due on the clock, and are told when a read applies them, at their own time.
    changes.length = 0;
    t.sandbox.clock.advance(2_500);
    expect(changes).toEqual([{ type: 'clock-moved', from: START, to: START + 2_500 }]);
    expect((await status(t, id)).status).toBe('PAYMENT_READY_FOR_SETTLEMENT');
    const moves = changes.filter((change) => change.type === 'status-moved');
    expect(moves.map(plain)).toEqual([
      {
        type: 'status-moved',
        kind: 'instant',
        id,
        appId: APP_ID,
        at: START + 1_000,
        from: 'CONSENT_AUTHORIZED',
        to: 'PAYMENT_PENDING',
        reason: undefined,
        cause: 'plan',
      },
      {
        type: 'status-moved',
        kind: 'instant',
        id,
        appId: APP_ID,
        at: START + 2_000,
        from: 'PAYMENT_PENDING',
        to: 'PAYMENT_READY_FOR_SETTLEMENT',
        reason: undefined,
        cause: 'plan',
      },
    ]);
    const move = moves[0]!;
    if (move.type === 'status-moved' && move.kind === 'instant') {
      expectTypeOf(move.to).toEqualTypeOf<InstantStatus>();
      expect(move.record.life.status).toBe('PAYMENT_READY_FOR_SETTLEMENT');
    }
  });

  it('tells a rejection and a cancel as moves of an operation, with what they drop from the plan', async () => {
    t = await boot();
    const changes = record(t);
    const rejected = await post(t, CREATE, instantBody());
    const cancelled = await post(t, CREATE, instantBody());
    await decide(t.sandbox, rejected.body.consentRedirectURL!, 'reject');
    expect(changes.filter((c) => c.type === 'status-moved').map(plain)).toEqual([
      {
        type: 'status-moved',
        kind: 'instant',
        id: rejected.body.id,
        appId: APP_ID,
        at: START,
        from: 'CONSENT_AWAITING_AUTHORIZATION',
        to: 'CONSENT_REJECTED',
        reason: { code: 'REJEITADO_USUARIO', message: 'O usuário rejeitou o consentimento.' },
        cause: 'operation',
      },
    ]);
    changes.length = 0;
    expect(
      (await post(t, `${CREATE}/${cancelled.body.id}/cancel`, { cancelledBy: '12345678901', identifierType: 'CPF' }))
        .status,
    ).toBe(200);
    expect(changes.map((c) => c.type)).toEqual(['cancelled', 'status-moved', 'replanned']);
    expect(plain(changes[0]!)).toEqual({
      type: 'cancelled',
      kind: 'instant',
      id: cancelled.body.id,
      appId: APP_ID,
      at: START,
      cancellation: {
        cancelledFrom: 'MERCHANT',
        cancelledAt: START,
        cancelledBy: { identifierType: 'CPF', identifier: '12345678901' },
      },
    });
    expect(changes[1]).toMatchObject({ from: 'CONSENT_AWAITING_AUTHORIZATION', to: 'CANCELED', cause: 'operation' });
  });

  it('tells the one-off 429, the moves retention applies, the evictions and the 429 they forget, and a move the query API applies', async () => {
    t = await boot({ maxRecords: 2 });
    const changes = record(t);
    const limited = key('limited');
    expect((await post(t, CREATE, instantBody({ amount: '10.29', clientRequestId: limited }))).status).toBe(429);
    expect(changes).toEqual([{ type: 'rate-limit-set', appId: APP_ID, clientRequestId: limited }]);
    const first = await post(t, CREATE, instantBody({ amount: '10.29', clientRequestId: limited }));
    const second = await post(t, CREATE, instantBody());
    changes.length = 0;
    // Unanswered for 60 minutes, both time out; the third create is one over the bound, and
    // retention goes down to 90% of it: both go, oldest first.
    t.sandbox.clock.advance(61 * 60_000);
    const third = await post(t, CREATE, instantBody());
    const timedOut = (id: string, createdAt: number) => ({
      type: 'status-moved',
      kind: 'instant',
      id,
      appId: APP_ID,
      at: createdAt + 60 * 60_000,
      from: 'CONSENT_AWAITING_AUTHORIZATION',
      to: 'CONSENT_REJECTED',
      reason: { code: 'TEMPO_EXPIRADO_AUTORIZACAO', message: 'O usuário não autorizou o consentimento em 60 minutos.' },
      cause: 'plan',
    });
    const now = START + 61 * 60_000;
    expect(changes.filter((c) => c.type !== 'clock-moved').map(plain)).toEqual([
      {
        type: 'created',
        kind: 'instant',
        id: third.body.id,
        appId: APP_ID,
        at: now,
        status: 'CONSENT_AWAITING_AUTHORIZATION',
      },
      timedOut(first.body.id, START),
      timedOut(second.body.id, START),
      { type: 'rate-limit-cleared', appId: APP_ID, clientRequestId: limited },
      { type: 'evicted', kind: 'instant', id: first.body.id, appId: APP_ID, at: now },
      { type: 'evicted', kind: 'instant', id: second.body.id, appId: APP_ID, at: now },
    ]);
    expect(t.sandbox.state.instantPayment(first.body.id)).toBeUndefined();
    // A move that fell due with nobody reading is told when the query API reads the record.
    changes.length = 0;
    t.sandbox.clock.advance(61 * 60_000);
    expect(t.sandbox.state.instantPayment(third.body.id)!.life.status).toBe('CONSENT_REJECTED');
    expect(changes.filter((c) => c.type !== 'clock-moved').map(plain)).toEqual([timedOut(third.body.id, now)]);
  });

  it('tells a consent and its recurring payments', async () => {
    t = await boot();
    const changes = record(t);
    const consent = await post(t, CONSENTS, { ...example('AutomaticConsentRequest'), clientRequestId: key('consent') });
    await decide(t.sandbox, consent.body.consentRedirectURL!, 'approve');
    const today = new Date(START - 3 * 3600_000).toISOString().slice(0, 10);
    const payment = await post(t, `${CONSENTS}/${consent.body.id}/payments`, {
      clientRequestId: key('charge'),
      date: today,
      amount: '90.00',
    });
    expect(
      changes
        .filter((c) => c.type === 'created' || c.type === 'status-moved')
        .map((c) => [c.type, 'kind' in c ? c.kind : '', 'to' in c ? c.to : c.type === 'created' ? c.status : '']),
    ).toEqual([
      ['created', 'consent', 'CONSENT_AWAITING_AUTHORIZATION'],
      ['status-moved', 'consent', 'CONSENT_AUTHORIZED'],
      ['created', 'automatic-payment', 'PAYMENT_PENDING'],
    ]);
    expect(changes.at(-1)).toMatchObject({
      type: 'created',
      kind: 'automatic-payment',
      id: payment.body.id,
      appId: APP_ID,
    });
  });

  it('stops telling a listener that unsubscribed, and tells the others', async () => {
    t = await boot();
    const first: string[] = [];
    const second: string[] = [];
    const stop = t.sandbox.state.subscribe((change) => first.push(change.type));
    t.sandbox.state.subscribe((change) => second.push(change.type));
    t.sandbox.clock.advance(1);
    stop();
    stop();
    t.sandbox.clock.advance(1);
    expect(first).toEqual(['clock-moved']);
    expect(second).toEqual(['clock-moved', 'clock-moved']);
  });
});
