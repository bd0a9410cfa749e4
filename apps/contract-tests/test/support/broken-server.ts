// A deliberately broken Klavi Pay server: a proxy in front of the sandbox simulator that injects
// the faults a contract test must catch, one realistic server bug per check. Each fault is off
// unless asked for; FAULTS names the check each one must trip.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CREDENTIALS, startSandbox } from '@klavi-pay/sandbox';
import type { CheckName, ReceiverCheckName } from '../../src/checks/registry.js';

export const FAULTS = {
  /** The first read of each instant payment's status answers 503, as a crashing server behind a proxy does (the client's retry then gets through). */
  'server-error': 'not_a_server_error',
  /** getInstantPayment answers 202, which the spec does not document. */
  'undocumented-status': 'status_code_conformance',
  /** getInstantPaymentStatus answers its JSON as text/plain. */
  'wrong-content-type': 'content_type_conformance',
  /** getInstantPaymentStatus answers `updatedAt` instead of `statusUpdateAt`. */
  'renamed-field': 'response_schema_conformance',
  /** A 429 comes without the Retry-After the spec requires. */
  'drops-retry-after': 'response_headers_conformance',
  /** createInstantPayment answers an invalid body with 200 and a made-up payment. */
  'accepts-invalid-body': 'negative_data_rejection',
  /** createInstantPaymentLink refuses every body with 400. */
  'refuses-valid-body': 'positive_data_acceptance',
  /** Customer API requests without a valid token are served anyway. */
  'ignores-auth': 'ignored_auth',
  /** A method a path does not have answers 404 instead of 405. */
  'no-method-not-allowed': 'unsupported_method',
  /** A create replayed with a used clientRequestId answers 200 with the first answer instead of 409. */
  'ignores-replay': 'idempotency_conflict',
  /** Cancelling a cancelled payment answers 200 instead of the documented 422. */
  'cancels-twice': 'use_after_cancel',
  /** A payment above the payer's limit (scenario .22) is created instead of refused with 422. */
  'ignores-limit': 'business_rules',
  /** An unknown instant payment id answers 400 instead of 404. */
  'unknown-is-400': 'unknown_resource',
  /** getInstantPayment answers another amount than the payment was created with. */
  'changes-amount': 'stateful_flow',
  /** getInstantPaymentStatus answers `state` instead of `status`: a flow must fail at once, not poll forever. */
  'renamed-status': 'response_schema_conformance',
  /** getInstantPaymentStatus answers a status the enum does not have (`DONE`): likewise. */
  'undocumented-enum': 'response_schema_conformance',
  /** An instant payment never settles: its status reads stay PAYMENT_PENDING. A flow must end at its deadline. */
  'never-settles': 'stateful_flow',
  /** getInstantPaymentStatus answers JSON as `application/json; charset=iso-8859-1`. */
  'wrong-charset': 'content_type_conformance',
  /** An expired token is served as if it were valid. */
  'accepts-expired-token': 'ignored_auth',
  /** Lists the answers it gives on request (GET /__sandbox/answers), then ignores the Prefer header that asks for one. */
  'ignores-prefer': 'requested_answer',
  // A server's faults trip the API run's checks; a receiver's are in test/support/receiver.ts.
} as const satisfies Record<string, Exclude<CheckName, ReceiverCheckName>>;

export type Fault = keyof typeof FAULTS;

const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;

export interface BrokenServerOptions {
  /** Holds every instant payment status read this long before answering: a slow server, not a faulty one. */
  statusReadDelayMs?: number;
  /** False: no answers on request (GET /__sandbox/answers is 404, Prefer is not passed on), as a real server. */
  answersOnRequest?: boolean;
}

export async function startBrokenServer(faults: Fault[], options: BrokenServerOptions = {}) {
  const sandbox = await startSandbox({ port: 0, quiet: true, seed: 3 });
  const on = new Set(faults);
  const failedOnce = new Set<string>();
  const answered = new Map<string, string>();
  let token: string | undefined;
  const validToken = async () =>
    (token ??= (
      (await (
        await fetch(`${sandbox.url}/payment/customer/v1/auth`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey }),
        })
      ).json()) as { accessToken: string }
    ).accessToken);

  const server = createServer((req, res) => {
    proxy(req, res).catch((error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 502, error: 'Bad Gateway', message: String(error) }));
    });
  });

  async function proxy(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
    const customerApi =
      path.startsWith('/payment/customer/v1/') &&
      !path.startsWith('/payment/customer/v1/auth') &&
      !path.includes('-links');
    if (on.has('ignores-auth') && customerApi && !/^Bearer ey/.test(headers.get('authorization') ?? '')) {
      headers.set('authorization', `Bearer ${await validToken()}`);
    }
    if (
      on.has('accepts-expired-token') &&
      customerApi &&
      expiredToken(headers.get('authorization'), sandbox.clock.now())
    ) {
      token = undefined;
      headers.set('authorization', `Bearer ${await validToken()}`);
    }
    if (on.has('ignores-prefer') || options.answersOnRequest === false) headers.delete('prefer');
    if (options.answersOnRequest === false && path.startsWith('/__sandbox/answers')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'not found' }));
      return;
    }
    let requestBody = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const route = `${req.method} ${path.split('?')[0]}`;
    if (on.has('ignores-limit') && route === 'POST /payment/customer/v1/instant/payments' && requestBody) {
      const sent = parseJson(requestBody.toString('utf8'));
      if (typeof sent?.amount === 'string' && sent.amount.endsWith('.22'))
        requestBody = Buffer.from(JSON.stringify({ ...sent, amount: sent.amount.replace(/\.22$/, '.00') }));
    }
    const init: RequestInit = { method: req.method!, headers, redirect: 'manual' };
    if (requestBody) init.body = requestBody;
    const upstream = await fetch(`${sandbox.url}${path}`, init);
    let status = upstream.status;
    let text = await upstream.text();
    const replaced: Record<string, string> = {};
    const dropped = new Set<string>();
    const isStatusRead = /^GET \/payment\/customer\/v1\/instant\/payments\/[^/]+\/status$/.test(route);
    if (isStatusRead && options.statusReadDelayMs)
      await new Promise((resolve) => setTimeout(resolve, options.statusReadDelayMs));
    const isPaymentRead = /^GET \/payment\/customer\/v1\/instant\/payments\/[^/]+$/.test(route);

    if (on.has('renamed-field') && isStatusRead && status === 200) {
      const { statusUpdateAt, ...rest } = JSON.parse(text);
      text = JSON.stringify({ ...rest, updatedAt: statusUpdateAt });
    }
    if (on.has('undocumented-status') && isPaymentRead && status === 200) status = 202;
    if (on.has('server-error') && isStatusRead && !failedOnce.has(route)) {
      failedOnce.add(route);
      status = 503;
      text = JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'a simulated crash' });
    }
    if (on.has('wrong-content-type') && isStatusRead && status === 200)
      replaced['content-type'] = 'text/plain; charset=utf-8';
    if (on.has('drops-retry-after') && status === 429) dropped.add('retry-after');
    if (on.has('refuses-valid-body') && route === 'POST /payment/customer/v1/instant/payment-links') {
      status = 400;
      text = JSON.stringify({
        statusCode: 400,
        error: 'Bad Request',
        message: 'this server refuses every payment link',
      });
    }
    if (on.has('no-method-not-allowed') && status === 405) {
      status = 404;
      dropped.add('allow');
      text = JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'not found' });
    }
    if (on.has('ignores-replay') && req.method === 'POST') {
      const key = `${route} ${clientRequestIdOf(parseJson(requestBody?.toString('utf8') ?? ''))}`;
      if (status === 200) answered.set(key, text);
      else if (status === 409 && answered.has(key)) {
        status = 200;
        text = answered.get(key)!;
      }
    }
    if (on.has('cancels-twice') && req.method === 'POST' && route.endsWith('/cancel') && status === 422) {
      const read = await fetch(`${sandbox.url}${path.slice(0, -'/cancel'.length)}`, {
        headers: { authorization: headers.get('authorization') ?? '' },
      });
      status = read.status;
      text = await read.text();
    }
    if (on.has('unknown-is-400') && isPaymentRead && status === 404) {
      status = 400;
      text = JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'bad id' });
    }
    if (
      isStatusRead &&
      status === 200 &&
      (on.has('renamed-status') || on.has('undocumented-enum') || on.has('never-settles'))
    ) {
      const { status: current, ...rest } = JSON.parse(text);
      if (on.has('renamed-status')) text = JSON.stringify({ ...rest, state: current });
      if (on.has('undocumented-enum')) text = JSON.stringify({ ...rest, status: 'DONE' });
      if (on.has('never-settles'))
        text = JSON.stringify({
          ...rest,
          status: current === 'CONSENT_AWAITING_AUTHORIZATION' ? current : 'PAYMENT_PENDING',
        });
    }
    if (on.has('wrong-charset') && isStatusRead && status === 200)
      replaced['content-type'] = 'application/json; charset=iso-8859-1';
    if (on.has('changes-amount') && isPaymentRead && status === 200) {
      const payment = JSON.parse(text);
      text = JSON.stringify({ ...payment, amount: payment.amount === '1.00' ? '2.00' : '1.00' });
    }
    if (on.has('accepts-invalid-body') && route === 'POST /payment/customer/v1/instant/payments' && status === 400) {
      status = 200;
      text = JSON.stringify({
        id: 'made-up-payment-1',
        clientRequestId: 'made-up',
        amount: '1.00',
        currency: 'BRL',
        status: 'CONSENT_AWAITING_AUTHORIZATION',
        consentRedirectURL: 'https://bank.example/authorize/made-up',
      });
    }

    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (
        name !== 'content-length' &&
        name !== 'transfer-encoding' &&
        name !== 'connection' &&
        name !== 'keep-alive' &&
        !dropped.has(name)
      )
        out[name] = value;
    });
    Object.assign(out, replaced);
    res.writeHead(status, out);
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The clientRequestId anywhere in a body: top level, or inside `payment` / `consent` for the links. */
function clientRequestIdOf(body: any): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  if (typeof body.clientRequestId === 'string') return body.clientRequestId;
  for (const value of Object.values(body)) {
    const found = clientRequestIdOf(value);
    if (found) return found;
  }
  return undefined;
}

/** Whether an Authorization header carries a JWT whose `exp` is before `nowMs` (the signature is not checked). */
function expiredToken(authorization: string | null, nowMs: number): boolean {
  const payload = /^Bearer [\w-]+\.([\w-]+)\.[\w-]+$/.exec(authorization ?? '')?.[1];
  if (!payload) return false;
  const exp = parseJson(Buffer.from(payload, 'base64url').toString('utf8'))?.exp;
  return typeof exp === 'number' && exp * 1000 <= nowMs;
}
