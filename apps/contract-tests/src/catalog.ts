// How to call each operation of the spec with valid input: generated bodies fitted to the
// documented rules, and path parameters that name resources which exist. Every operation of the
// spec must be here; a new one fails the run at start-up until it is added.
import type { JsonObject } from '@klavi-pay/openapi-runtime';
import type { Input } from './api-call.js';
import type { RunContext } from './context.js';
import { SkipCase } from './skip.js';
import { automaticPaymentBody } from './fixtures.js';
import { brasiliaDate } from './generate/policy.js';
import { generateValid } from './generate/positive.js';
import type { Rng } from './generate/rng.js';

export interface InputOptions {
  /** The discriminator tag for the body's top-level oneOf. */
  variant?: string;
  optional?: 'all' | 'none' | 'some';
}

type Maker = (ctx: RunContext, rng: Rng, options: InputOptions) => Promise<Input>;

const body =
  (operationId: string): Maker =>
  async (ctx, rng, options) => ({ body: ctx.fixtures.body(operationId, rng, options) });

const listQuery = (ctx: RunContext, operationId: string, rng: Rng): Record<string, string | number> => {
  const query: Record<string, string | number> = {};
  for (const parameter of ctx.spec.byId.get(operationId)!.parameters) {
    // A cursor is only valid when a previous page handed it out.
    if (parameter.in !== 'query' || parameter.name === 'cursor' || !rng.chance(0.6)) continue;
    query[parameter.name] = generateValid(ctx.spec, parameter.schemaPointer, rng) as string | number;
  }
  // Documented: startDate must not be after endDate.
  if (typeof query.startDate === 'string' && typeof query.endDate === 'string' && query.startDate > query.endDate) {
    [query.startDate, query.endDate] = [query.endDate, query.startDate];
  }
  return query;
};

export const CATALOG: Record<string, Maker> = {
  createCustomerAccessToken: body('createCustomerAccessToken'),
  createManagementAccessToken: body('createManagementAccessToken'),
  createInstantPayment: body('createInstantPayment'),
  createInstantPaymentLink: body('createInstantPaymentLink'),
  getInstantPayment: async (ctx) => ({ path: { id: (await ctx.fixtures.instantPayment()).id } }),
  getInstantPaymentStatus: async (ctx) => ({ path: { id: (await ctx.fixtures.instantPayment()).id } }),
  cancelInstantPayment: async (ctx, rng, options) => ({
    path: { id: (await ctx.fixtures.freshInstantPayment()).id },
    body: ctx.fixtures.body('cancelInstantPayment', rng, options),
  }),
  createAutomaticConsent: body('createAutomaticConsent'),
  createAutomaticConsentLink: body('createAutomaticConsentLink'),
  getAutomaticConsent: async (ctx) => ({ path: { id: (await ctx.fixtures.authorizedConsent()).id } }),
  getAutomaticConsentStatus: async (ctx) => ({ path: { id: (await ctx.fixtures.authorizedConsent()).id } }),
  createAutomaticPayment: async (ctx, rng, options) => {
    const consent = await ctx.fixtures.authorizedConsent();
    const generated = ctx.fixtures.body('createAutomaticPayment', rng, options) as JsonObject;
    return { path: { consentId: consent.id }, body: await automaticPaymentBody(ctx, consent, generated, rng) };
  },
  getAutomaticPayment: async (ctx) => {
    const { consentId, paymentId } = await ctx.fixtures.automaticPayment();
    return { path: { consentId, paymentId } };
  },
  getAutomaticPaymentStatus: async (ctx) => {
    const { consentId, paymentId } = await ctx.fixtures.automaticPayment();
    return { path: { consentId, paymentId } };
  },
  cancelAutomaticPayment: async (ctx, rng, options) => {
    const { consentId, paymentId } = await ctx.fixtures.freshScheduledPayment();
    return { path: { consentId, paymentId }, body: ctx.fixtures.body('cancelAutomaticPayment', rng, options) };
  },
  retryAutomaticPayment: async (ctx, rng, options) => {
    const { consentId, paymentId } = await ctx.fixtures.freshRejectedPayment();
    const generated = ctx.fixtures.body('retryAutomaticPayment', rng, options) as JsonObject;
    // Documented: a retry is dated today or later (Brasília).
    return { path: { consentId, paymentId }, body: { ...generated, date: brasiliaDate(await ctx.control.now()) } };
  },
  listMerchantApps: async () => ({}),
  listOrders: async (ctx, rng) => ({
    path: { appId: await ctx.fixtures.appId() },
    query: listQuery(ctx, 'listOrders', rng),
  }),
  getOrder: async (ctx) => ({
    path: { appId: await ctx.fixtures.appId(), id: (await ctx.fixtures.instantPayment()).id },
  }),
  listAutomaticConsents: async (ctx, rng) => ({
    path: { appId: await ctx.fixtures.appId() },
    query: listQuery(ctx, 'listAutomaticConsents', rng),
  }),
  listAutomaticConsentOrders: async (ctx, rng) => ({
    path: { appId: await ctx.fixtures.appId(), consentId: (await ctx.fixtures.authorizedConsent()).id },
    query: listQuery(ctx, 'listAutomaticConsentOrders', rng),
  }),
};

/** Valid input for an operation; throws SkipCase when this server cannot provide what it needs. */
export async function validInput(
  ctx: RunContext,
  operationId: string,
  rng: Rng,
  options: InputOptions = {},
): Promise<Input> {
  const make = CATALOG[operationId];
  if (!make) throw new Error(`the contract tests do not know how to call ${operationId}: add it to src/catalog.ts`);
  const operation = ctx.spec.byId.get(operationId)!;
  if (operation.security === 'ManagementBearer' && !ctx.managementCredentials)
    throw new SkipCase('no Management credentials were given');
  return make(ctx, rng, options);
}

/** Operations of the spec the catalog does not cover. */
export const uncovered = (operationIds: Iterable<string>): string[] =>
  [...operationIds].filter((id) => !(id in CATALOG));
