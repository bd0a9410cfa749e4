// The stateful flows: what a merchant's integration does, step by step, through @klavi-pay/client
// with its full typing (paths, bodies and answers from the spec). Each step is one stateful_flow
// result (src/checks/stateful-flow.ts); a step that fails ends its flow.
import {
  awaitAutomaticPaymentStatus,
  awaitConsentStatus,
  awaitPaymentStatus,
  KlaviWaitError,
  paginate,
  type AutomaticConsentRequest,
  type AutomaticPaymentRequest,
  type CancelPaymentRequest,
  type InstantPaymentRequest,
  type RetryPaymentRequest,
} from '@klavi-pay/client';
import { decideAtBank } from '../bank.js';
import { statefulFlow } from '../checks/stateful-flow.js';
import type { RunContext } from '../context.js';
import { SkipCase } from '../skip.js';
import { automaticPaymentBody, CONSENT_BOUNDS } from '../fixtures.js';
import type { JsonObject } from '@klavi-pay/openapi-runtime';
import { variantsOf } from '../generate/positive.js';
import type { CaseApi, CaseRunner } from '../runner.js';
import { whileTimePasses } from '../server-control.js';
import { serverErrorBody } from '../api-call.js';
import { documentedUntil, StatusOutOfSpec } from '../await-status.js';
import { quote } from '../quote.js';

class StepFailed extends Error {}

/** A step: records whether it held, and ends the flow when it did not. */
function step(t: CaseApi, operationId: string, ok: boolean, message: string): void {
  if (!t.check(statefulFlow, operationId, { step: 'taken', ok, message })) throw new StepFailed(message);
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

/**
 * Waits for a status with the clock moving. A wait that ends elsewhere returns where it ended; one
 * that reads a status the spec does not document, or none, or runs out of time, returns why.
 */
async function settle(ctx: RunContext, wait: () => Promise<{ status: string }>): Promise<{ status: string }> {
  try {
    return await whileTimePasses(ctx.control, wait);
  } catch (error) {
    if (error instanceof StatusOutOfSpec) return { status: `nothing: ${error.message}` };
    if (error instanceof KlaviWaitError) {
      const last = error.last as { status: string } | undefined;
      return error.reason === 'timeout'
        ? { status: `${last?.status ?? 'nothing'}, still, when the ${ctx.wait.timeoutMs} ms flow timeout ran out` }
        : (last ?? { status: `nothing (${error.message})` });
    }
    throw error;
  }
}

/** A typed call's outcome as the flows report it: the status, the typed data, and the error body the server sent. */
async function typed<D>(
  pending: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<{ status: number; data: D | undefined; error: unknown }> {
  const { data, error, response } = await pending;
  return { status: response.status, data, error: serverErrorBody(error) };
}

const describeAnswer = (answer: { status: number; error: unknown }) =>
  `${answer.status}${answer.error ? ` ${quote(answer.error)}` : ''}`;

/** The app whose paginated Management list has an item with this id, across every app these credentials see. */
async function appListing(
  ctx: RunContext,
  id: string,
  list: (appId: string) => AsyncIterable<{ id: string }>,
): Promise<string | undefined> {
  const apps = await typed(ctx.client.GET('/payment/management/v1/merchants/apps'));
  for (const app of apps.data?.data ?? []) {
    for await (const item of list(app.appId)) if (item.id === id) return app.appId;
  }
  return undefined;
}

export async function instantFlows(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const pointer = ctx.spec.byId.get('createInstantPayment')!.bodyPointer!;
  for (const initType of variantsOf(ctx.spec, pointer)) {
    const operations = [
      'createInstantPayment',
      'getInstantPaymentStatus',
      'getInstantPayment',
      'listOrders',
      'getOrder',
    ];
    await runner.case({ id: `flow/instant/${initType}`, suite: 'flow', operations, checks: [statefulFlow.name] }, (t) =>
      flow(async () => {
        const rng = ctx.rng.fork(`flow/instant/${initType}`);
        const request = ctx.fixtures.body('createInstantPayment', rng, {
          variant: initType,
          optional: 'some',
        }) as InstantPaymentRequest;
        const created = await typed(ctx.client.POST('/payment/customer/v1/instant/payments', { body: request }));
        step(
          t,
          'createInstantPayment',
          created.status === 200 && created.data !== undefined,
          `create a ${initType} payment: expected 200, got ${describeAnswer(created)}`,
        );
        const id = created.data!.id;
        step(
          t,
          'createInstantPayment',
          created.data!.clientRequestId === request.clientRequestId && created.data!.amount === request.amount,
          'the created payment echoes the clientRequestId and amount sent',
        );

        const status = await typed(
          ctx.client.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id } } }),
        );
        step(
          t,
          'getInstantPaymentStatus',
          status.status === 200 && status.data?.id === id,
          `read the status of ${id}: expected 200 with that id, got ${describeAnswer(status)}`,
        );

        const redirect = created.data!.consentRedirectURL ?? status.data!.consentRedirectURL;
        step(
          t,
          'createInstantPayment',
          typeof redirect === 'string',
          'the payment offers a consentRedirectURL to send the payer to',
        );
        const decided = await decideAtBank(redirect as string, 'approve', ctx.unrecordedFetch);
        if (decided.kind === 'unsupported') {
          t.check(statefulFlow, 'getInstantPaymentStatus', {
            step: 'unavailable',
            reason: `approve and settle: ${decided.reason}`,
          });
        } else {
          step(
            t,
            'createInstantPayment',
            decided.query.get('paymentId') === id,
            `the bank sends the payer back to redirectURL with paymentId=${id} (got ${decided.location})`,
          );
          const final = await settle(ctx, () =>
            awaitPaymentStatus(ctx.client, id, {
              ...ctx.wait,
              until: documentedUntil(ctx, 'InstantPaymentStatus', 'getInstantPaymentStatus'),
            }),
          );
          step(
            t,
            'getInstantPaymentStatus',
            final.status === 'PAYMENT_COMPLETED',
            `an approved payment settles to PAYMENT_COMPLETED (ended ${final.status})`,
          );
        }

        const payment = await typed(
          ctx.client.GET('/payment/customer/v1/instant/payments/{id}', { params: { path: { id } } }),
        );
        step(
          t,
          'getInstantPayment',
          payment.status === 200 && payment.data?.id === id,
          `get payment ${id}: expected 200 with that id, got ${describeAnswer(payment)}`,
        );
        step(
          t,
          'getInstantPayment',
          payment.data!.initType === initType && payment.data!.amount === request.amount,
          `the payment keeps its initType ${initType} and amount ${request.amount} (got ${payment.data!.initType} ${payment.data!.amount})`,
        );

        if (!ctx.managementCredentials) {
          t.check(statefulFlow, 'listOrders', { step: 'unavailable', reason: 'no Management credentials were given' });
          return;
        }
        const appId = await appListing(ctx, id, (app) =>
          paginate(ctx.client, '/payment/management/v1/merchants/{appId}/orders', {
            params: { path: { appId: app }, query: { pageSize: 200 } },
          }),
        );
        step(
          t,
          'listOrders',
          appId !== undefined,
          `payment ${id} is listed among the orders of an app the Management credentials see`,
        );
        const order = await typed(
          ctx.client.GET('/payment/management/v1/merchants/{appId}/orders/{id}', {
            params: { path: { appId: appId!, id } },
          }),
        );
        step(
          t,
          'getOrder',
          order.status === 200 && order.data?.id === id && order.data.status === payment.data!.status,
          `the order view of ${id} has its id and status ${payment.data!.status}: got ${describeAnswer(order)}${order.data ? ` status ${order.data.status}` : ''}`,
        );
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
  await runner.case({ id: 'flow/automatic', suite: 'flow', operations, checks: [statefulFlow.name] }, (t) =>
    flow(async () => {
      const rng = ctx.rng.fork('flow/automatic');
      const request = ctx.fixtures.body('createAutomaticConsent', rng, { optional: 'some' }) as AutomaticConsentRequest;
      const created = await typed(ctx.client.POST('/payment/customer/v1/automatic/consents', { body: request }));
      step(
        t,
        'createAutomaticConsent',
        created.status === 200 && created.data !== undefined,
        `create a consent: expected 200, got ${describeAnswer(created)}`,
      );
      const consentId = created.data!.id;

      const status = await typed(
        ctx.client.GET('/payment/customer/v1/automatic/consents/{id}/status', { params: { path: { id: consentId } } }),
      );
      step(
        t,
        'getAutomaticConsentStatus',
        status.status === 200 && status.data?.id === consentId,
        `read the consent status: got ${describeAnswer(status)}`,
      );

      const redirect = created.data!.consentRedirectURL ?? status.data!.consentRedirectURL;
      step(
        t,
        'createAutomaticConsent',
        typeof redirect === 'string',
        'the consent offers a consentRedirectURL to send the payer to',
      );
      const decided = await decideAtBank(redirect as string, 'approve', ctx.unrecordedFetch);
      if (decided.kind === 'unsupported') throw new SkipCase(`authorize the consent: ${decided.reason}`);
      const authorized = await settle(ctx, () =>
        awaitConsentStatus(ctx.client, consentId, {
          ...ctx.wait,
          until: documentedUntil(ctx, 'AutomaticConsentStatus', 'getAutomaticConsentStatus', 'CONSENT_AUTHORIZED'),
        }),
      );
      step(
        t,
        'getAutomaticConsentStatus',
        authorized.status === 'CONSENT_AUTHORIZED',
        `an approved consent becomes CONSENT_AUTHORIZED (got ${authorized.status})`,
      );
      const consent = await typed(
        ctx.client.GET('/payment/customer/v1/automatic/consents/{id}', { params: { path: { id: consentId } } }),
      );
      step(
        t,
        'getAutomaticConsent',
        consent.status === 200 && consent.data?.id === consentId,
        `get consent ${consentId}: got ${describeAnswer(consent)}`,
      );

      const bounds = { id: consentId, min: CONSENT_BOUNDS.min, max: CONSENT_BOUNDS.max };
      const PAYMENTS = '/payment/customer/v1/automatic/consents/{consentId}/payments';
      const paymentUntil = documentedUntil(ctx, 'AutomaticPaymentStatus', 'getAutomaticPaymentStatus');
      const today = (await automaticPaymentBody(
        ctx,
        bounds,
        ctx.fixtures.body('createAutomaticPayment', rng) as JsonObject,
        rng,
        0,
      )) as AutomaticPaymentRequest;
      const payment = await typed(ctx.client.POST(PAYMENTS, { params: { path: { consentId } }, body: today }));
      step(
        t,
        'createAutomaticPayment',
        payment.status === 200 && payment.data?.consentId === consentId,
        `create a payment dated today: got ${describeAnswer(payment)}`,
      );
      const paymentId = payment.data!.id;
      const settled = await settle(ctx, () =>
        awaitAutomaticPaymentStatus(ctx.client, consentId, paymentId, { ...ctx.wait, until: paymentUntil }),
      );
      step(
        t,
        'getAutomaticPaymentStatus',
        settled.status === 'PAYMENT_COMPLETED',
        `a payment dated today settles to PAYMENT_COMPLETED (ended ${settled.status})`,
      );
      const read = await typed(
        ctx.client.GET(`${PAYMENTS}/{paymentId}`, { params: { path: { consentId, paymentId } } }),
      );
      step(
        t,
        'getAutomaticPayment',
        read.status === 200 && read.data?.amount === today.amount,
        `get the payment: 200 with amount ${today.amount}, got ${describeAnswer(read)}`,
      );

      const later = (await automaticPaymentBody(
        ctx,
        bounds,
        ctx.fixtures.body('createAutomaticPayment', rng) as JsonObject,
        rng,
        7,
      )) as AutomaticPaymentRequest;
      const scheduled = await typed(ctx.client.POST(PAYMENTS, { params: { path: { consentId } }, body: later }));
      step(
        t,
        'createAutomaticPayment',
        scheduled.status === 200 && scheduled.data?.status === 'PAYMENT_SCHEDULED',
        `a payment dated next week is PAYMENT_SCHEDULED: got ${describeAnswer(scheduled)} ${scheduled.data?.status ?? ''}`,
      );
      const scheduledId = scheduled.data!.id;
      const cancel = await typed(
        ctx.client.POST(`${PAYMENTS}/{paymentId}/cancel`, {
          params: { path: { consentId, paymentId: scheduledId } },
          body: ctx.fixtures.body('cancelAutomaticPayment', rng) as CancelPaymentRequest,
        }),
      );
      step(
        t,
        'cancelAutomaticPayment',
        cancel.status === 200 && cancel.data?.status === 'CANCELED',
        `cancel the scheduled payment: 200 and CANCELED, got ${describeAnswer(cancel)} ${cancel.data?.status ?? ''}`,
      );

      if (!ctx.control.rejectCents) {
        t.check(statefulFlow, 'retryAutomaticPayment', {
          step: 'unavailable',
          reason: 'the server publishes no scenario that makes a payment fail, so there is nothing to retry',
        });
      } else {
        const failing = {
          ...(await automaticPaymentBody(
            ctx,
            bounds,
            ctx.fixtures.body('createAutomaticPayment', rng) as JsonObject,
            rng,
            0,
          )),
          amount: `10${ctx.control.rejectCents}`,
        } as AutomaticPaymentRequest;
        const rejected = await typed(ctx.client.POST(PAYMENTS, { params: { path: { consentId } }, body: failing }));
        step(
          t,
          'createAutomaticPayment',
          rejected.status === 200 && rejected.data !== undefined,
          `create a payment the server will reject: got ${describeAnswer(rejected)}`,
        );
        const rejectedId = rejected.data!.id;
        const ended = await settle(ctx, () =>
          awaitAutomaticPaymentStatus(ctx.client, consentId, rejectedId, { ...ctx.wait, until: paymentUntil }),
        );
        step(
          t,
          'getAutomaticPaymentStatus',
          ended.status === 'PAYMENT_REJECTED',
          `the payment ends PAYMENT_REJECTED (got ${ended.status})`,
        );
        const retryBody = {
          ...(ctx.fixtures.body('retryAutomaticPayment', rng) as RetryPaymentRequest),
          date: failing.date,
        };
        const retry = await typed(
          ctx.client.POST(`${PAYMENTS}/{paymentId}/retry`, {
            params: { path: { consentId, paymentId: rejectedId } },
            body: retryBody,
          }),
        );
        step(
          t,
          'retryAutomaticPayment',
          retry.status === 200 && retry.data?.originalPaymentId === rejectedId,
          `retry it: 200 with originalPaymentId ${rejectedId}, got ${describeAnswer(retry)}`,
        );
        const retryId = retry.data!.id;
        const retried = await settle(ctx, () =>
          awaitAutomaticPaymentStatus(ctx.client, consentId, retryId, { ...ctx.wait, until: paymentUntil }),
        );
        step(
          t,
          'getAutomaticPaymentStatus',
          retried.status === 'PAYMENT_COMPLETED',
          `the retry settles to PAYMENT_COMPLETED (ended ${retried.status})`,
        );
      }

      if (!ctx.managementCredentials) {
        t.check(statefulFlow, 'listAutomaticConsents', {
          step: 'unavailable',
          reason: 'no Management credentials were given',
        });
        return;
      }
      const appId = await appListing(ctx, consentId, (app) =>
        paginate(ctx.client, '/payment/management/v1/merchants/automatic/{appId}/consents', {
          params: { path: { appId: app }, query: { pageSize: 200 } },
        }),
      );
      step(t, 'listAutomaticConsents', appId !== undefined, `consent ${consentId} is listed by the Management API`);
      const listed = new Set<string>();
      for await (const item of paginate(
        ctx.client,
        '/payment/management/v1/merchants/automatic/{appId}/consents/{consentId}/orders',
        { params: { path: { appId: appId!, consentId } } },
      )) {
        listed.add(item.id);
      }
      step(
        t,
        'listAutomaticConsentOrders',
        listed.has(paymentId) && listed.has(scheduledId),
        `the consent's orders list both of its payments (listed: ${[...listed].join(', ') || 'none'})`,
      );
    }),
  );
}
