// The idempotency and use-after-cancel suites: the stateful rules that protect a merchant from
// paying twice, and from acting on a payment that is already cancelled. idempotency_conflict and
// use_after_cancel (src/checks/) judge the answers.
import type { AutomaticPaymentStatusResponse, InstantPaymentStatusResponse } from '@klavi-pay/client';
import { validInput } from '../catalog.js';
import { call } from '../api-call.js';
import { idempotencyConflict } from '../checks/idempotency-conflict.js';
import { useAfterCancel } from '../checks/use-after-cancel.js';
import type { RunContext } from '../context.js';
import { brasiliaDate } from '../generate/policy.js';
import type { CaseRunner } from '../runner.js';

export async function idempotencyChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  for (const operation of ctx.spec.operations) {
    const operationId = operation.operationId;
    if (!operation.idempotencyKey) continue;
    const id = `idempotency/${operationId}`;
    await runner.case(
      { id, suite: 'idempotency', operations: [operationId], checks: [idempotencyConflict.name] },
      async (t) => {
        const input = await validInput(ctx, operationId, ctx.rng.fork(id), { optional: 'none' });
        const first = await call(ctx, operationId, input);
        if (!t.check(idempotencyConflict, operationId, { step: 'first', status: first.status, error: first.error }))
          return;
        const again = await call(ctx, operationId, input);
        t.check(idempotencyConflict, operationId, { step: 'replay', status: again.status });
      },
    );
  }
}

export async function useAfterCancelChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  await runner.case(
    {
      id: 'use-after-cancel/instant',
      suite: 'use-after-cancel',
      operations: ['cancelInstantPayment', 'getInstantPaymentStatus'],
      checks: [useAfterCancel.name],
    },
    async (t) => {
      const rng = ctx.rng.fork('use-after-cancel/instant');
      const input = await validInput(ctx, 'cancelInstantPayment', rng);
      const cancelled = await call(ctx, 'cancelInstantPayment', input);
      if (
        !t.check(useAfterCancel, 'cancelInstantPayment', {
          step: 'cancel',
          what: 'cancel a new payment',
          status: cancelled.status,
        })
      )
        return;
      const status = await call(ctx, 'getInstantPaymentStatus', { path: input.path! });
      t.check(useAfterCancel, 'getInstantPaymentStatus', {
        step: 'read',
        status: status.status,
        read: (status.data as InstantPaymentStatusResponse | undefined)?.status,
      });
      const again = await call(ctx, 'cancelInstantPayment', {
        path: input.path!,
        body: ctx.fixtures.body('cancelInstantPayment', rng),
      });
      t.check(useAfterCancel, 'cancelInstantPayment', {
        step: 'refused',
        what: 'cancelling it again',
        operation: ctx.spec.byId.get('cancelInstantPayment'),
        status: again.status,
      });
    },
  );
  await runner.case(
    {
      id: 'use-after-cancel/automatic',
      suite: 'use-after-cancel',
      operations: ['cancelAutomaticPayment', 'getAutomaticPaymentStatus', 'retryAutomaticPayment'],
      checks: [useAfterCancel.name],
    },
    async (t) => {
      const rng = ctx.rng.fork('use-after-cancel/automatic');
      const input = await validInput(ctx, 'cancelAutomaticPayment', rng);
      const cancelled = await call(ctx, 'cancelAutomaticPayment', input);
      if (
        !t.check(useAfterCancel, 'cancelAutomaticPayment', {
          step: 'cancel',
          what: 'cancel a scheduled payment',
          status: cancelled.status,
        })
      )
        return;
      const status = await call(ctx, 'getAutomaticPaymentStatus', { path: input.path! });
      t.check(useAfterCancel, 'getAutomaticPaymentStatus', {
        step: 'read',
        status: status.status,
        read: (status.data as AutomaticPaymentStatusResponse | undefined)?.status,
      });
      const again = await call(ctx, 'cancelAutomaticPayment', {
        path: input.path!,
        body: ctx.fixtures.body('cancelAutomaticPayment', rng),
      });
      t.check(useAfterCancel, 'cancelAutomaticPayment', {
        step: 'refused',
        what: 'cancelling it again',
        operation: ctx.spec.byId.get('cancelAutomaticPayment'),
        status: again.status,
      });
      const retryBody = {
        ...(ctx.fixtures.body('retryAutomaticPayment', rng) as object),
        date: brasiliaDate(await ctx.control.now()),
      };
      const retry = await call(ctx, 'retryAutomaticPayment', { path: input.path!, body: retryBody });
      t.check(useAfterCancel, 'retryAutomaticPayment', {
        step: 'refused',
        what: 'retrying a cancelled payment',
        operation: ctx.spec.byId.get('retryAutomaticPayment'),
        status: retry.status,
      });
    },
  );
}
