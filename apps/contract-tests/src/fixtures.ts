// Resources the cases act on, made once and shared (or made fresh where a case uses one up, as a
// cancel does). Each is made through the client inside a case of its own, so its requests are
// checked like any other.
import { awaitAutomaticPaymentStatus, awaitConsentStatus } from '@klavi-pay/client';
import type {
  AutomaticConsentCreated,
  AutomaticConsentRequest,
  AutomaticPayment,
  InstantPaymentCreated,
  MerchantAppList,
} from '@klavi-pay/client';
import { inCase } from './exchange.js';
import { call } from './api-call.js';
import type { BaseContext } from './base-context.js';
import { SkipCase } from './skip.js';
import { generateValid } from './generate/positive.js';
import { brasiliaDate } from './generate/policy.js';
import { decideAtBank } from './bank.js';
import { whileTimePasses } from './server-control.js';
import { documentedUntil } from './await-status.js';
import type { Rng } from './generate/rng.js';
import { isObject, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';
import { quote } from './quote.js';

export interface ConsentFixture {
  id: string;
  min: number;
  max: number;
}

export interface AutomaticPaymentFixture {
  consentId: string;
  paymentId: string;
}

/** The documented rules a schema cannot express, applied to generated bodies. */
export const CONSENT_BOUNDS = { min: 1, max: 9000 };

export class Fixtures {
  readonly #ctx: () => BaseContext;
  readonly #memo = new Map<string, Promise<unknown>>();
  #count = 0;

  constructor(ctx: () => BaseContext) {
    this.#ctx = ctx;
  }

  #once<T>(name: string, make: () => Promise<T>): Promise<T> {
    let made = this.#memo.get(name) as Promise<T> | undefined;
    if (!made) {
      made = inCase(`fixture/${name}`, make);
      this.#memo.set(name, made);
    }
    return made;
  }

  #fresh<T>(name: string, make: () => Promise<T>): Promise<T> {
    return inCase(`fixture/${name}-${++this.#count}`, make);
  }

  #rng(name: string): Rng {
    return this.#ctx().rng.fork(`fixture/${name}/${this.#count}`);
  }

  /** A valid body for an operation, generated from the spec and fitted to the documented rules. */
  body(operationId: string, rng: Rng, options: { variant?: string; optional?: 'all' | 'none' | 'some' } = {}): Json {
    const ctx = this.#ctx();
    const operation = ctx.spec.byId.get(operationId)!;
    const body = generateValid(ctx.spec, operation.bodyPointer!, rng, {
      component: ctx.policy.component,
      ...options,
    }) as JsonObject;
    return fitToRules(ctx, operationId, body);
  }

  appId(): Promise<string> {
    return this.#once('app', async () => {
      const { status, data } = await call(this.#ctx(), 'listMerchantApps', {});
      // A fixture reads an answer as the spec documents it: whether it is so is for the response checks to say.
      const appId = (data as MerchantAppList | undefined)?.data?.[0]?.appId;
      if (status !== 200 || !appId) throw new Error(`listMerchantApps answered ${status} without an app`);
      return appId;
    });
  }

  instantPayment(): Promise<{ id: string }> {
    return this.#once('instant-payment', () => this.#createInstant('instant-payment'));
  }

  /** A new payment, still cancellable. */
  freshInstantPayment(): Promise<{ id: string }> {
    return this.#fresh('instant-payment', () => this.#createInstant('fresh-instant-payment'));
  }

  async #createInstant(name: string): Promise<{ id: string }> {
    const answer = await call(this.#ctx(), 'createInstantPayment', {
      body: this.body('createInstantPayment', this.#rng(name), { variant: 'PIX_DICT' }),
    });
    if (answer.status !== 200)
      throw new Error(`could not create a payment to work on: ${answer.status} ${quote(answer.error)}`);
    return { id: (answer.data as InstantPaymentCreated).id };
  }

  /** A consent the payer approved at the bank: CONSENT_AUTHORIZED, with retries accepted. */
  authorizedConsent(): Promise<ConsentFixture> {
    return this.#once('authorized-consent', async () => {
      const ctx = this.#ctx();
      const body = this.body('createAutomaticConsent', this.#rng('consent'), { optional: 'some' });
      const created = await call(ctx, 'createAutomaticConsent', { body });
      if (created.status !== 200)
        throw new Error(`could not create a consent to work on: ${created.status} ${quote(created.error)}`);
      const consent = created.data as AutomaticConsentCreated;
      const outcome = await decideAtBank(consent.consentRedirectURL!, 'approve', ctx.unrecordedFetch);
      if (outcome.kind === 'unsupported') throw new SkipCase(`needs an authorized consent, and ${outcome.reason}`);
      await whileTimePasses(ctx.control, () =>
        awaitConsentStatus(ctx.client, consent.id, {
          ...ctx.wait,
          until: documentedUntil(ctx, 'AutomaticConsentStatus', 'getAutomaticConsentStatus', 'CONSENT_AUTHORIZED'),
        }),
      );
      const config = (body as AutomaticConsentRequest).paymentMethodConfig;
      return {
        id: consent.id,
        min: Number(config.minimumVariableAmount ?? 0),
        max: Number(config.maximumVariableAmount ?? Infinity),
      };
    });
  }

  /** A recurring payment dated today. */
  automaticPayment(): Promise<AutomaticPaymentFixture> {
    return this.#once('automatic-payment', () => this.#createAutomatic('automatic-payment', 0));
  }

  /** A new recurring payment dated next week: PAYMENT_SCHEDULED, so still cancellable. */
  freshScheduledPayment(): Promise<AutomaticPaymentFixture> {
    return this.#fresh('scheduled-payment', () => this.#createAutomatic('scheduled-payment', 7));
  }

  /** A new recurring payment the server rejected; needs the server to publish a rejection scenario. */
  freshRejectedPayment(): Promise<AutomaticPaymentFixture> {
    return this.#fresh('rejected-payment', async () => {
      const ctx = this.#ctx();
      if (!ctx.control.rejectCents)
        throw new SkipCase('needs a rejected payment, and the server publishes no scenario that makes one');
      const payment = await this.#createAutomatic('rejected-payment', 0, ctx.control.rejectCents);
      await whileTimePasses(ctx.control, () =>
        awaitAutomaticPaymentStatus(ctx.client, payment.consentId, payment.paymentId, {
          ...ctx.wait,
          until: documentedUntil(ctx, 'AutomaticPaymentStatus', 'getAutomaticPaymentStatus', 'PAYMENT_REJECTED'),
        }),
      );
      return payment;
    });
  }

  async #createAutomatic(name: string, days: number, cents?: string): Promise<AutomaticPaymentFixture> {
    const ctx = this.#ctx();
    const consent = await this.authorizedConsent();
    const body = await automaticPaymentBody(
      ctx,
      consent,
      this.body('createAutomaticPayment', this.#rng(name)) as JsonObject,
      this.#rng(name),
      days,
    );
    if (cents) body.amount = `${Math.max(Math.ceil(consent.min), 1)}${cents}`;
    const answer = await call(ctx, 'createAutomaticPayment', { path: { consentId: consent.id }, body });
    if (answer.status !== 200)
      throw new Error(`could not create a recurring payment to work on: ${answer.status} ${quote(answer.error)}`);
    return { consentId: consent.id, paymentId: (answer.data as AutomaticPayment).id };
  }
}

/**
 * Rules the spec states in prose, which a schema-valid body can still break: a consent's minimum
 * must not exceed its maximum (PaymentMethodConfig), and the whitelabel links carry your own key
 * pair (Credentials). Dates and bounds of recurring payments are set per consent, below.
 */
export function fitToRules(ctx: BaseContext, operationId: string, body: JsonObject): JsonObject {
  const withCredentials = (b: JsonObject) => ({
    ...b,
    accessKey: ctx.credentials.accessKey,
    secretKey: ctx.credentials.secretKey,
  });
  const boundConsent = (consent: Json | undefined) => {
    const config = isObject(consent) ? consent.paymentMethodConfig : undefined;
    if (!isObject(config)) return;
    config.minimumVariableAmount = `${CONSENT_BOUNDS.min}.00`;
    config.maximumVariableAmount = `${CONSENT_BOUNDS.max}.00`;
    config.isRetryAccepted = true;
  };
  switch (operationId) {
    case 'createCustomerAccessToken':
      return { ...ctx.credentials };
    case 'createManagementAccessToken':
      if (!ctx.managementCredentials) throw new SkipCase('no Management credentials were given');
      return { ...ctx.managementCredentials };
    case 'createInstantPaymentLink':
      return withCredentials(body);
    case 'createAutomaticConsent':
      boundConsent(body);
      return body;
    case 'createAutomaticConsentLink':
      boundConsent(body.consent);
      return withCredentials(body);
    default:
      return body;
  }
}

/** A recurring payment's body fitted to its consent: dated today or later (Brasília), within the consent's bounds. */
export async function automaticPaymentBody(
  ctx: BaseContext,
  consent: ConsentFixture,
  body: JsonObject,
  rng: Rng,
  days?: number,
): Promise<JsonObject> {
  const now = await ctx.control.now();
  return {
    ...body,
    date: brasiliaDate(now, days ?? rng.int(0, 20)),
    amount: ctx.policy.amount(rng, Math.max(consent.min, 1), Math.min(consent.max, CONSENT_BOUNDS.max)),
  };
}
