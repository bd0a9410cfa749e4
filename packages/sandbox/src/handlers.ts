// One handler per operationId of the spec, typed from openapi-typescript's `operations`: the
// server has already checked auth and validated the request against the spec, so each handler
// gets its operation's body, path and query types, and answers its operation's 200 type.
import type { operations } from '@klavi-pay/spec/types';
import type { Principal, TokenService } from './auth.js';
import {
  automaticPaymentStatusView,
  automaticPaymentView,
  cancelAutomaticPayment,
  consentCreatedView,
  consentStatusView,
  consentView,
  createAutomaticPayment,
  createConsent,
  findAutomaticPayment,
  findConsent,
  retryAutomaticPayment,
} from './domain/automatic.js';
import {
  cancelInstant,
  createInstant,
  findInstant,
  instantCreatedView,
  instantStatusView,
  instantView,
} from './domain/instant.js';
import {
  appsOf,
  findApp,
  legacyOrderView,
  listConsentPayments,
  listConsents,
  listOrders,
} from './domain/management.js';
import type { BankLink } from './domain/records.js';
import type { SandboxState } from './domain/state.js';
import { ApiError } from './errors.js';
import type { OperationId } from './spec-model.js';

type Operation<K extends OperationId> = operations[K];
type BodyOf<K extends OperationId> =
  Operation<K> extends { requestBody: { content: { 'application/json': infer B } } } ? B : undefined;
type PathOf<K extends OperationId> = Operation<K>['parameters'] extends { path: infer P } ? P : Record<string, never>;
type QueryOf<K extends OperationId> = Operation<K>['parameters'] extends { query?: infer Q }
  ? [Q] extends [never]
    ? Record<string, never>
    : NonNullable<Q>
  : Record<string, never>;
/** The body of the operation's 200 answer. */
type OkOf<K extends OperationId> = Operation<K>['responses'] extends {
  200: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export interface OperationContext<K extends OperationId = OperationId> {
  state: SandboxState;
  tokens: TokenService;
  principal: Principal | undefined;
  path: PathOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A 200 with its body's type. */
interface Ok<B> extends Reply {
  status: 200;
  body: B;
}

/** A handler answers its operation's 200 body: one that answers another operation's does not compile. */
type Handler<K extends OperationId> = (ctx: OperationContext<K>) => Ok<OkOf<K>> | Promise<Ok<OkOf<K>>>;

/**
 * A 200. Its body is typed by the handler it is returned from, and also validated against the
 * operation's response schema at run time, on every answer (plugins/spec-routes.ts).
 */
const ok = <B>(body: B): Ok<B> => ({ status: 200, body });
/** Whitelabel pages live longer than a redirect: the user may take a while to reach them. */
const WHITELABEL_LINK_MS = 60 * 60 * 1000;

function principal(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('handler needs an authenticated caller');
  return ctx.principal;
}

/** The apps a caller may see: its own app (Customer), or every app of its merchant (Management). */
function appIdsOf(ctx: OperationContext): string[] {
  const who = principal(ctx);
  return who.appId ? [who.appId] : appsOf(ctx.state, who.merchantId).map((a) => a.appId);
}

function customerApp(ctx: OperationContext): string {
  const appId = principal(ctx).appId;
  if (!appId) throw new ApiError(403, 'these credentials are not bound to an app');
  return appId;
}

/**
 * The whitelabel endpoints: the credentials travel in the body. The answer carries the page to send
 * the user to, and a token for following the resource.
 */
async function whitelabel(
  ctx: OperationContext<'createInstantPaymentLink' | 'createAutomaticConsentLink'>,
  create: (appId: string) => { id: string; link: BankLink },
) {
  const caller = ctx.tokens.checkPair(ctx.body.accessKey, ctx.body.secretKey);
  if (!caller.appId) throw new ApiError(403, 'these credentials are not bound to an app');
  const record = create(caller.appId);
  const { accessToken } = await ctx.tokens.issue('CustomerBearer', ctx.body.accessKey, ctx.body.secretKey);
  return { id: record.id, accessToken, url: ctx.state.linkUrl(record.link) };
}

const HANDLERS: { [K in OperationId]: Handler<K> } = {
  createCustomerAccessToken: async (ctx) =>
    ok(await ctx.tokens.issue('CustomerBearer', ctx.body.accessKey, ctx.body.secretKey)),
  createManagementAccessToken: async (ctx) =>
    ok(await ctx.tokens.issue('ManagementBearer', ctx.body.accessKey, ctx.body.secretKey)),

  createInstantPayment: (ctx) =>
    ok(instantCreatedView(ctx.state, createInstant(ctx.state, customerApp(ctx), ctx.body))),
  createInstantPaymentLink: async (ctx) => {
    const { id, accessToken, url } = await whitelabel(ctx, (appId) =>
      createInstant(ctx.state, appId, ctx.body.payment, WHITELABEL_LINK_MS),
    );
    return ok({ id, accessToken, paymentURL: url });
  },
  getInstantPayment: (ctx) => ok(instantView(findInstant(ctx.state, appIdsOf(ctx), ctx.path.id))),
  getInstantPaymentStatus: (ctx) =>
    ok(instantStatusView(ctx.state, findInstant(ctx.state, appIdsOf(ctx), ctx.path.id))),
  cancelInstantPayment: (ctx) => {
    const record = findInstant(ctx.state, appIdsOf(ctx), ctx.path.id);
    cancelInstant(ctx.state, record, ctx.body);
    return ok(instantView(record));
  },

  createAutomaticConsent: (ctx) =>
    ok(consentCreatedView(ctx.state, createConsent(ctx.state, customerApp(ctx), ctx.body))),
  createAutomaticConsentLink: async (ctx) => {
    const { id, accessToken, url } = await whitelabel(ctx, (appId) =>
      createConsent(ctx.state, appId, ctx.body.consent, WHITELABEL_LINK_MS),
    );
    return ok({ id, accessToken, consentURL: url });
  },
  getAutomaticConsent: (ctx) => ok(consentView(findConsent(ctx.state, appIdsOf(ctx), ctx.path.id))),
  getAutomaticConsentStatus: (ctx) =>
    ok(consentStatusView(ctx.state, findConsent(ctx.state, appIdsOf(ctx), ctx.path.id))),
  createAutomaticPayment: (ctx) =>
    ok(automaticPaymentView(ctx.state, createAutomaticPayment(ctx.state, appIdsOf(ctx), ctx.path.consentId, ctx.body))),
  getAutomaticPayment: (ctx) =>
    ok(
      automaticPaymentView(
        ctx.state,
        findAutomaticPayment(ctx.state, appIdsOf(ctx), ctx.path.consentId, ctx.path.paymentId),
      ),
    ),
  getAutomaticPaymentStatus: (ctx) =>
    ok(
      automaticPaymentStatusView(
        ctx.state,
        findAutomaticPayment(ctx.state, appIdsOf(ctx), ctx.path.consentId, ctx.path.paymentId),
      ),
    ),
  cancelAutomaticPayment: (ctx) => {
    const record = findAutomaticPayment(ctx.state, appIdsOf(ctx), ctx.path.consentId, ctx.path.paymentId);
    cancelAutomaticPayment(ctx.state, record, ctx.body);
    return ok(automaticPaymentView(ctx.state, record));
  },
  retryAutomaticPayment: (ctx) => {
    const original = findAutomaticPayment(ctx.state, appIdsOf(ctx), ctx.path.consentId, ctx.path.paymentId);
    return ok(automaticPaymentView(ctx.state, retryAutomaticPayment(ctx.state, appIdsOf(ctx), original, ctx.body)));
  },

  listMerchantApps: (ctx) =>
    ok({ data: appsOf(ctx.state, principal(ctx).merchantId).map(({ appId, name }) => ({ appId, name })) }),
  listOrders: (ctx) =>
    ok(listOrders(ctx.state, findApp(ctx.state, principal(ctx).merchantId, ctx.path.appId), ctx.query)),
  getOrder: (ctx) => {
    const app = findApp(ctx.state, principal(ctx).merchantId, ctx.path.appId);
    const record = findInstant(ctx.state, [app.appId], ctx.path.id);
    return ok(legacyOrderView(app, record));
  },
  listAutomaticConsents: (ctx) =>
    ok(listConsents(ctx.state, findApp(ctx.state, principal(ctx).merchantId, ctx.path.appId), ctx.query)),
  listAutomaticConsentOrders: (ctx) =>
    ok(
      listConsentPayments(
        ctx.state,
        findApp(ctx.state, principal(ctx).merchantId, ctx.path.appId),
        ctx.path.consentId,
        ctx.query,
      ),
    ),
};

/** Runs the handler of `operationId`; the spec routes have validated `ctx` against that operation. */
export function dispatch(operationId: string, ctx: OperationContext<never>): Reply | Promise<Reply> {
  const handler = (HANDLERS as Record<string, Handler<never>>)[operationId];
  if (!handler) throw new Error(`no handler for ${operationId}`);
  return handler(ctx);
}

/** The operations of `ids` that have no handler. */
export const missingHandlers = (ids: readonly string[]): string[] => ids.filter((id) => !Object.hasOwn(HANDLERS, id));
