// idempotency_conflict and use_after_cancel: the stateful rules that protect a merchant from
// paying twice, and from acting on a payment that is already cancelled. A cancelled payment is in
// none of the statuses an operation's x-requires-status allows, so it gets that rule's `otherwise`.
import { OPERATIONS } from '@klavi-pay/client';
import { validInput } from '../catalog.js';
import { call } from '../api-call.js';
import type { RunContext } from '../context.js';
import { brasiliaDate } from '../generate/policy.js';
import type { CaseRunner } from '../runner.js';
import { quote } from '../quote.js';

export async function idempotencyChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  for (const operation of ctx.spec.operations) {
    const operationId = operation.operationId;
    if (!OPERATIONS[operationId as keyof typeof OPERATIONS]?.idempotencyKey) continue;
    const id = `idempotency/${operationId}`;
    await runner.case({ id, suite: 'idempotency', operations: [operationId], checks: ['idempotency_conflict'] }, async (t) => {
      const input = await validInput(ctx, operationId, ctx.rng.fork(id), { optional: 'none' });
      const first = await call(ctx, operationId, input);
      if (!t.expect('idempotency_conflict', operationId, first.status === 200, `the first request must succeed to test a replay: got ${first.status} ${quote(first.error)}`)) return;
      const again = await call(ctx, operationId, input);
      t.expect('idempotency_conflict', operationId, again.status === 409, `the same clientRequestId sent again: expected 409, got ${again.status}`);
    });
  }
}

/** The status the spec documents for acting on a resource in the wrong status (x-requires-status), else any 4xx. */
function wrongStatus(ctx: RunContext, operationId: string): { ok: (status: number) => boolean; expected: string } {
  const otherwise = ctx.spec.byId.get(operationId)?.requiresStatus?.otherwise;
  return otherwise ? { ok: (s) => s === otherwise, expected: String(otherwise) } : { ok: (s) => s >= 400 && s < 500, expected: 'a 4xx' };
}

export async function useAfterCancel(ctx: RunContext, runner: CaseRunner): Promise<void> {
  await runner.case(
    { id: 'use-after-cancel/instant', suite: 'use-after-cancel', operations: ['cancelInstantPayment', 'getInstantPaymentStatus'], checks: ['use_after_cancel'] },
    async (t) => {
      const rng = ctx.rng.fork('use-after-cancel/instant');
      const input = await validInput(ctx, 'cancelInstantPayment', rng);
      const cancelled = await call(ctx, 'cancelInstantPayment', input);
      if (!t.expect('use_after_cancel', 'cancelInstantPayment', cancelled.status === 200, `cancel a new payment: expected 200, got ${cancelled.status}`)) return;
      const status = await call(ctx, 'getInstantPaymentStatus', { path: input.path! });
      t.expect('use_after_cancel', 'getInstantPaymentStatus', status.data?.status === 'CANCELED', `a cancelled payment reads CANCELED, got ${status.status} ${status.data?.status ?? ''}`);
      const again = await call(ctx, 'cancelInstantPayment', { path: input.path!, body: ctx.fixtures.body('cancelInstantPayment', rng) });
      const rule = wrongStatus(ctx, 'cancelInstantPayment');
      t.expect('use_after_cancel', 'cancelInstantPayment', rule.ok(again.status), `cancelling it again: expected ${rule.expected}, got ${again.status}`);
    },
  );
  await runner.case(
    { id: 'use-after-cancel/automatic', suite: 'use-after-cancel', operations: ['cancelAutomaticPayment', 'getAutomaticPaymentStatus', 'retryAutomaticPayment'], checks: ['use_after_cancel'] },
    async (t) => {
      const rng = ctx.rng.fork('use-after-cancel/automatic');
      const input = await validInput(ctx, 'cancelAutomaticPayment', rng);
      const cancelled = await call(ctx, 'cancelAutomaticPayment', input);
      if (!t.expect('use_after_cancel', 'cancelAutomaticPayment', cancelled.status === 200, `cancel a scheduled payment: expected 200, got ${cancelled.status}`)) return;
      const status = await call(ctx, 'getAutomaticPaymentStatus', { path: input.path! });
      t.expect('use_after_cancel', 'getAutomaticPaymentStatus', status.data?.status === 'CANCELED', `a cancelled payment reads CANCELED, got ${status.status} ${status.data?.status ?? ''}`);
      const again = await call(ctx, 'cancelAutomaticPayment', { path: input.path!, body: ctx.fixtures.body('cancelAutomaticPayment', rng) });
      const cancelRule = wrongStatus(ctx, 'cancelAutomaticPayment');
      t.expect('use_after_cancel', 'cancelAutomaticPayment', cancelRule.ok(again.status), `cancelling it again: expected ${cancelRule.expected}, got ${again.status}`);
      const retryBody = { ...(ctx.fixtures.body('retryAutomaticPayment', rng) as object), date: brasiliaDate(await ctx.control.now()) };
      const retry = await call(ctx, 'retryAutomaticPayment', { path: input.path!, body: retryBody });
      const retryRule = wrongStatus(ctx, 'retryAutomaticPayment');
      t.expect('use_after_cancel', 'retryAutomaticPayment', retryRule.ok(retry.status), `retrying a cancelled payment: expected ${retryRule.expected}, got ${retry.status}`);
    },
  );
}
