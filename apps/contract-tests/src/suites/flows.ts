// The stateful flows: what a merchant's integration does, step by step, through @klavi-pay/client.
// Each step is one stateful_flow result; a step that fails ends its flow.
import { KlaviWaitError } from '@klavi-pay/client';
import type { JsonObject } from '@klavi-pay/openapi-runtime';
import { decideAtBank } from '../bank.js';
import { call } from '../api-call.js';
import type { RunContext } from '../context.js';
import { SkipCase } from '../skip.js';
import { automaticPaymentBody, CONSENT_BOUNDS } from '../fixtures.js';
import { variantsOf } from '../generate/positive.js';
import type { CaseApi, CaseRunner } from '../runner.js';
import { whileTimePasses } from '../server-control.js';

class StepFailed extends Error {}

/** A step: records its verdict, and ends the flow when it failed. */
function step(t: CaseApi, operationId: string, ok: boolean, message: string): void {
  if (!t.expect('stateful_flow', operationId, ok, message)) throw new StepFailed(message);
}

/** Runs a flow's steps; a failed step has been recorded already and ends the flow quietly. */
async function flow(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof StepFailed) return;
    throw error;
  }
}

/** Waits for a status with the clock moving; a wait that ends elsewhere returns where it ended. */
async function settle(ctx: RunContext, wait: () => Promise<{ status: string }>): Promise<{ status: string }> {
  try {
    return await whileTimePasses(ctx.control, wait);
  } catch (error) {
    if (error instanceof KlaviWaitError) return (error.last as { status: string } | undefined) ?? { status: `nothing (${error.message})` };
    throw error;
  }
}

const describeAnswer = (answer: { status: number; error: unknown }) => `${answer.status}${answer.error ? ` ${JSON.stringify(answer.error)}` : ''}`;

/** The app whose paginated Management list has an item with this id, across every app these credentials see. */
async function appListing(ctx: RunContext, id: string, list: (appId: string) => AsyncIterable<{ id: string }>): Promise<string | undefined> {
  const apps = await call(ctx, 'listMerchantApps', {});
  for (const app of apps.data?.data ?? []) {
    for await (const item of list(app.appId)) if (item.id === id) return app.appId as string;
  }
  return undefined;
}

export async function instantFlows(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const pointer = ctx.spec.byId.get('createInstantPayment')!.bodyPointer!;
  for (const initType of variantsOf(ctx.spec, pointer)) {
    const operations = ['createInstantPayment', 'getInstantPaymentStatus', 'getInstantPayment', 'listOrders', 'getOrder'];
    await runner.case({ id: `flow/instant/${initType}`, suite: 'flow', operations, checks: ['stateful_flow'] }, (t) =>
      flow(async () => {
        const rng = ctx.rng.fork(`flow/instant/${initType}`);
        const request = ctx.fixtures.body('createInstantPayment', rng, { variant: initType, optional: 'some' }) as any;
        const created = await call(ctx, 'createInstantPayment', { body: request });
        step(t, 'createInstantPayment', created.status === 200, `create a ${initType} payment: expected 200, got ${describeAnswer(created)}`);
        const id: string = created.data.id;
        step(t, 'createInstantPayment', created.data.clientRequestId === request.clientRequestId && created.data.amount === request.amount, 'the created payment echoes the clientRequestId and amount sent');

        const status = await call(ctx, 'getInstantPaymentStatus', { path: { id } });
        step(t, 'getInstantPaymentStatus', status.status === 200 && status.data.id === id, `read the status of ${id}: expected 200 with that id, got ${describeAnswer(status)}`);

        const redirect = created.data.consentRedirectURL ?? status.data.consentRedirectURL;
        step(t, 'createInstantPayment', typeof redirect === 'string', 'the payment offers a consentRedirectURL to send the payer to');
        const decided = await decideAtBank(redirect, 'approve');
        if (decided.kind === 'unsupported') {
          t.skip('stateful_flow', 'getInstantPaymentStatus', `approve and settle: ${decided.reason}`);
        } else {
          const back = decided.location;
          step(t, 'createInstantPayment', back.searchParams.get('paymentId') === id, `the bank sends the payer back to redirectURL with paymentId=${id} (got ${back})`);
          const final = await settle(ctx, () => ctx.client.awaitPaymentStatus(id, ctx.wait));
          step(t, 'getInstantPaymentStatus', final.status === 'PAYMENT_COMPLETED', `an approved payment settles to PAYMENT_COMPLETED (ended ${final.status})`);
        }

        const payment = await call(ctx, 'getInstantPayment', { path: { id } });
        step(t, 'getInstantPayment', payment.status === 200 && payment.data.id === id, `get payment ${id}: expected 200 with that id, got ${describeAnswer(payment)}`);
        step(t, 'getInstantPayment', payment.data.initType === initType && payment.data.amount === request.amount, `the payment keeps its initType ${initType} and amount ${request.amount}`);

        if (!ctx.managementCredentials) {
          t.skip('stateful_flow', 'listOrders', 'no Management credentials were given');
          return;
        }
        const appId = await appListing(ctx, id, (app) =>
          ctx.client.paginate('/payment/management/v1/merchants/{appId}/orders', { params: { path: { appId: app }, query: { pageSize: 200 } } }),
        );
        step(t, 'listOrders', appId !== undefined, `payment ${id} is listed among the orders of an app the Management credentials see`);
        const order = await call(ctx, 'getOrder', { path: { appId: appId!, id } });
        step(t, 'getOrder', order.status === 200 && order.data.id === id && order.data.status === payment.data.status, `the order view of ${id} has its id and status ${payment.data.status}: got ${describeAnswer(order)}${order.data ? ` status ${order.data.status}` : ''}`);
      }),
    );
  }
}

export async function automaticFlow(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const operations = [
    'createAutomaticConsent',
    'getAutomaticConsentStatus',
    'getAutomaticConsent',
    'createAutomaticPayment',
    'getAutomaticPaymentStatus',
    'getAutomaticPayment',
    'cancelAutomaticPayment',
    'retryAutomaticPayment',
    'listAutomaticConsents',
    'listAutomaticConsentOrders',
  ];
  await runner.case({ id: 'flow/automatic', suite: 'flow', operations, checks: ['stateful_flow'] }, (t) =>
    flow(async () => {
      const rng = ctx.rng.fork('flow/automatic');
      const request = ctx.fixtures.body('createAutomaticConsent', rng, { optional: 'some' }) as any;
      const created = await call(ctx, 'createAutomaticConsent', { body: request });
      step(t, 'createAutomaticConsent', created.status === 200, `create a consent: expected 200, got ${describeAnswer(created)}`);
      const consentId: string = created.data.id;

      const status = await call(ctx, 'getAutomaticConsentStatus', { path: { id: consentId } });
      step(t, 'getAutomaticConsentStatus', status.status === 200 && status.data.id === consentId, `read the consent status: got ${describeAnswer(status)}`);

      const redirect = created.data.consentRedirectURL ?? status.data.consentRedirectURL;
      const decided = await decideAtBank(redirect, 'approve');
      if (decided.kind === 'unsupported') throw new SkipCase(`authorize the consent: ${decided.reason}`);
      const authorized = await settle(ctx, () =>
        ctx.client.awaitConsentStatus(consentId, { until: 'CONSENT_AUTHORIZED', ...ctx.wait }),
      );
      step(t, 'getAutomaticConsentStatus', authorized.status === 'CONSENT_AUTHORIZED', `an approved consent becomes CONSENT_AUTHORIZED (got ${authorized.status})`);
      const consent = await call(ctx, 'getAutomaticConsent', { path: { id: consentId } });
      step(t, 'getAutomaticConsent', consent.status === 200 && consent.data.id === consentId, `get consent ${consentId}: got ${describeAnswer(consent)}`);

      const bounds = { id: consentId, min: CONSENT_BOUNDS.min, max: CONSENT_BOUNDS.max };
      const today = await automaticPaymentBody(ctx, bounds, ctx.fixtures.body('createAutomaticPayment', rng) as any, rng, 0);
      const payment = await call(ctx, 'createAutomaticPayment', { path: { consentId }, body: today });
      step(t, 'createAutomaticPayment', payment.status === 200 && payment.data.consentId === consentId, `create a payment dated today: got ${describeAnswer(payment)}`);
      const settled = await settle(ctx, () =>
        ctx.client.awaitAutomaticPaymentStatus(consentId, payment.data.id, ctx.wait),
      );
      step(t, 'getAutomaticPaymentStatus', settled.status === 'PAYMENT_COMPLETED', `a payment dated today settles to PAYMENT_COMPLETED (ended ${settled.status})`);
      const read = await call(ctx, 'getAutomaticPayment', { path: { consentId, paymentId: payment.data.id } });
      step(t, 'getAutomaticPayment', read.status === 200 && read.data.amount === today.amount, `get the payment: 200 with amount ${today.amount}, got ${describeAnswer(read)}`);

      const later = await automaticPaymentBody(ctx, bounds, ctx.fixtures.body('createAutomaticPayment', rng) as any, rng, 7);
      const scheduled = await call(ctx, 'createAutomaticPayment', { path: { consentId }, body: later });
      step(t, 'createAutomaticPayment', scheduled.status === 200 && scheduled.data.status === 'PAYMENT_SCHEDULED', `a payment dated next week is PAYMENT_SCHEDULED: got ${describeAnswer(scheduled)} ${scheduled.data?.status ?? ''}`);
      const cancel = await call(ctx, 'cancelAutomaticPayment', { path: { consentId, paymentId: scheduled.data.id }, body: ctx.fixtures.body('cancelAutomaticPayment', rng) });
      step(t, 'cancelAutomaticPayment', cancel.status === 200 && cancel.data.status === 'CANCELED', `cancel the scheduled payment: 200 and CANCELED, got ${describeAnswer(cancel)} ${cancel.data?.status ?? ''}`);

      if (!ctx.control.rejectCents) {
        t.skip('stateful_flow', 'retryAutomaticPayment', 'the server publishes no scenario that makes a payment fail, so there is nothing to retry');
      } else {
        const failing: JsonObject = { ...(await automaticPaymentBody(ctx, bounds, ctx.fixtures.body('createAutomaticPayment', rng) as any, rng, 0)), amount: `10${ctx.control.rejectCents}` };
        const rejected = await call(ctx, 'createAutomaticPayment', { path: { consentId }, body: failing });
        step(t, 'createAutomaticPayment', rejected.status === 200, `create a payment the server will reject: got ${describeAnswer(rejected)}`);
        const ended = await settle(ctx, () =>
          ctx.client.awaitAutomaticPaymentStatus(consentId, rejected.data.id, ctx.wait),
        );
        step(t, 'getAutomaticPaymentStatus', ended.status === 'PAYMENT_REJECTED', `the payment ends PAYMENT_REJECTED (got ${ended.status})`);
        const retryBody = { ...(ctx.fixtures.body('retryAutomaticPayment', rng) as any), date: failing.date };
        const retry = await call(ctx, 'retryAutomaticPayment', { path: { consentId, paymentId: rejected.data.id }, body: retryBody });
        step(t, 'retryAutomaticPayment', retry.status === 200 && retry.data.originalPaymentId === rejected.data.id, `retry it: 200 with originalPaymentId ${rejected.data.id}, got ${describeAnswer(retry)}`);
        const retried = await settle(ctx, () =>
          ctx.client.awaitAutomaticPaymentStatus(consentId, retry.data.id, ctx.wait),
        );
        step(t, 'getAutomaticPaymentStatus', retried.status === 'PAYMENT_COMPLETED', `the retry settles to PAYMENT_COMPLETED (ended ${retried.status})`);
      }

      if (!ctx.managementCredentials) {
        t.skip('stateful_flow', 'listAutomaticConsents', 'no Management credentials were given');
        return;
      }
      const appId = await appListing(ctx, consentId, (app) =>
        ctx.client.paginate('/payment/management/v1/merchants/automatic/{appId}/consents', { params: { path: { appId: app }, query: { pageSize: 200 } } }),
      );
      step(t, 'listAutomaticConsents', appId !== undefined, `consent ${consentId} is listed by the Management API`);
      const listed = new Set<string>();
      for await (const item of ctx.client.paginate('/payment/management/v1/merchants/automatic/{appId}/consents/{consentId}/orders', { params: { path: { appId: appId!, consentId } } })) {
        listed.add(item.id);
      }
      step(t, 'listAutomaticConsentOrders', listed.has(payment.data.id) && listed.has(scheduled.data.id), `the consent's orders list both of its payments (listed: ${[...listed].join(', ') || 'none'})`);
    }),
  );
}
