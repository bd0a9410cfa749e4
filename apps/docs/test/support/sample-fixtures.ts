// The resources a sample needs to succeed, made fresh on the sandbox for each run: a payment to
// read or cancel, an authorized consent to charge, a rejected recurring payment to retry. Made
// through the API itself (the spec's own request examples, a fresh clientRequestId each), the
// consents approved at the sandbox's bank page; the sandbox's clock moves a payment on.
import { randomUUID } from 'node:crypto';
import { decideAtBank } from '@klavi-pay/contract-tests';
import type { Sandbox } from '@klavi-pay/sandbox';
import { DEMO_CREDENTIALS } from '@klavi-pay/sandbox';
import { pointerGet, type JsonObject } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';

type Scheme = 'CustomerBearer' | 'ManagementBearer';

export const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;
export const MANAGEMENT = DEMO_CREDENTIALS.ManagementBearer[0]!;

/** What the samples read from the environment, for this sandbox. */
export async function sampleEnv(sandbox: Sandbox): Promise<Record<string, string>> {
  const api = client(sandbox, {} as JsonObject);
  return {
    KLAVI_BASE_URL: sandbox.url,
    KLAVI_ACCESS_KEY: CUSTOMER.accessKey,
    KLAVI_SECRET_KEY: CUSTOMER.secretKey,
    KLAVI_MANAGEMENT_ACCESS_KEY: MANAGEMENT.accessKey,
    KLAVI_MANAGEMENT_SECRET_KEY: MANAGEMENT.secretKey,
    KLAVI_ACCESS_TOKEN: await api.token('CustomerBearer'),
    KLAVI_MANAGEMENT_TOKEN: await api.token('ManagementBearer'),
  };
}

function client(sandbox: Sandbox, spec: JsonObject) {
  const token = async (scheme: Scheme): Promise<string> => {
    const pair = scheme === 'CustomerBearer' ? CUSTOMER : MANAGEMENT;
    const operation = MODEL.operations.find((o) => o.operationId === MODEL.securitySchemes[scheme]!.tokenOperation)!;
    const answer = await call('POST', operation.path, { accessKey: pair.accessKey, secretKey: pair.secretKey });
    return (answer as { accessToken: string }).accessToken;
  };
  async function call(method: string, path: string, body?: unknown, bearer?: string): Promise<unknown> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  }
  /** Creates with the operation's documented example, a fresh key, and `change` applied. */
  async function create(
    operationId: string,
    params: Record<string, string> = {},
    change: (body: any) => void = () => {},
  ) {
    const op = MODEL.operations.find((o) => o.operationId === operationId)!;
    const body = structuredClone(pointerGet(spec, op.requestExamplePointer!)) as any;
    let node = body;
    for (const name of op.idempotencyKey!.slice(0, -1)) node = node[name];
    node[op.idempotencyKey!.at(-1)!] = randomUUID();
    change(body);
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    return (await call('POST', path, body, await token('CustomerBearer'))) as JsonObject;
  }
  return { token, call, create };
}

/** `YYYY-MM-DD` in Brasília (UTC-3, no daylight saving since 2019), the sandbox's notion of a day. */
export const brasiliaDate = (epochMs: number): string => new Date(epochMs - 3 * 3_600_000).toISOString().slice(0, 10);

/** Makes, for an operation, the path parameters of a resource on which the call succeeds. */
export function fixtures(sandbox: Sandbox, spec: JsonObject) {
  const api = client(sandbox, spec);
  const instantPayment = async () => (await api.create('createInstantPayment')).id as string;
  const consent = async (authorized: boolean) => {
    const created = await api.create('createAutomaticConsent');
    if (authorized) {
      const decided = await decideAtBank(created.consentRedirectURL as string, 'approve');
      if (decided.kind !== 'decided') throw new Error(`the consent could not be approved: ${decided.reason}`);
    }
    return created.id as string;
  };
  /** A recurring payment on a fresh authorized consent; `cents` picks the sandbox's scenario. */
  const automaticPayment = async (cents?: string) => {
    const consentId = await consent(true);
    const created = await api.create('createAutomaticPayment', { consentId }, (body) => {
      // Due today in Brasília, by the sandbox's clock: the example's own date is past (D-51).
      body.date = brasiliaDate(sandbox.clock.now());
      if (cents) body.amount = body.amount.replace(/\.\d\d$/, `.${cents}`);
    });
    return { consentId, paymentId: created.id as string };
  };
  const appId = CUSTOMER.appId;
  if (!appId) throw new Error('the sandbox demo credentials name no app');

  const prepare: Record<string, () => Promise<Record<string, string>>> = {
    getInstantPayment: async () => ({ id: await instantPayment() }),
    getInstantPaymentStatus: async () => ({ id: await instantPayment() }),
    cancelInstantPayment: async () => ({ id: await instantPayment() }),
    getAutomaticConsent: async () => ({ id: await consent(false) }),
    getAutomaticConsentStatus: async () => ({ id: await consent(false) }),
    createAutomaticPayment: async () => ({ consentId: await consent(true) }),
    getAutomaticPayment: async () => automaticPayment(),
    getAutomaticPaymentStatus: async () => automaticPayment(),
    cancelAutomaticPayment: async () => automaticPayment(),
    retryAutomaticPayment: async () => {
      // .01: the payer's bank rejects it (insufficient funds) as the sandbox's clock moves on.
      const payment = await automaticPayment('01');
      const status = MODEL.operations.find((o) => o.operationId === 'getAutomaticPaymentStatus')!;
      const path = status.path
        .replace('{consentId}', encodeURIComponent(payment.consentId))
        .replace('{paymentId}', encodeURIComponent(payment.paymentId));
      // The bank decides once the payment is due (today): step the clock a quarter of an hour at a
      // time until it has, and no further, so the sandbox's today stays the samples' today.
      for (let step = 0; step < 10 * 24 * 4; step++) {
        // A token lives an hour of the sandbox's time: a fresh one for each read.
        const now = (await api.call('GET', path, undefined, await api.token('CustomerBearer'))) as { status: string };
        if (now.status === 'PAYMENT_REJECTED') return payment;
        sandbox.clock.advance(15 * 60_000);
      }
      throw new Error(`payment ${payment.paymentId} did not reach PAYMENT_REJECTED within ten days of sandbox time`);
    },
    listOrders: async () => ({ appId }),
    getOrder: async () => ({ appId, id: await instantPayment() }),
    listAutomaticConsents: async () => ({ appId }),
    listAutomaticConsentOrders: async () => ({ appId, consentId: await consent(true) }),
  };
  return {
    /** The path parameters for `operationId`, on fresh resources; {} when it takes none. */
    async pathParams(operationId: string): Promise<Record<string, string>> {
      const make = prepare[operationId];
      return make ? make() : {};
    },
  };
}
