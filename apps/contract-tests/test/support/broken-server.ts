// A deliberately broken Klavi Pay server: a proxy in front of the sandbox simulator that injects
// the faults a contract test must catch. Each fault is off unless asked for.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CREDENTIALS, startSandbox } from '@klavi-pay/sandbox';

export type Fault =
  /** getInstantPaymentStatus answers `updatedAt` instead of `statusUpdateAt`. */
  | 'renamed-field'
  /** getInstantPayment answers 202, which the spec does not document. */
  | 'undocumented-status'
  /** createInstantPayment answers an invalid body with 200 and a made-up payment. */
  | 'accepts-invalid-body'
  /** Customer API requests without a valid token are served anyway. */
  | 'ignores-auth';

const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;

export async function startBrokenServer(faults: Fault[]) {
  const sandbox = await startSandbox({ port: 0, quiet: true, seed: 3 });
  const on = new Set(faults);
  let token: string | undefined;
  const validToken = async () =>
    (token ??= ((await (
      await fetch(`${sandbox.url}/payment/customer/v1/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey }),
      })
    ).json()) as { accessToken: string }).accessToken);

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
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value);
    const customerApi = path.startsWith('/payment/customer/v1/') && !path.startsWith('/payment/customer/v1/auth') && !path.includes('-links');
    if (on.has('ignores-auth') && customerApi && !/^Bearer ey/.test(headers.get('authorization') ?? '')) {
      headers.set('authorization', `Bearer ${await validToken()}`);
    }
    const init: RequestInit = { method: req.method!, headers, redirect: 'manual' };
    if (chunks.length > 0) init.body = Buffer.concat(chunks);
    const upstream = await fetch(`${sandbox.url}${path}`, init);
    let status = upstream.status;
    let text = await upstream.text();
    const route = `${req.method} ${path.split('?')[0]}`;

    if (on.has('renamed-field') && /^GET \/payment\/customer\/v1\/instant\/payments\/[^/]+\/status$/.test(route) && status === 200) {
      const { statusUpdateAt, ...rest } = JSON.parse(text);
      text = JSON.stringify({ ...rest, updatedAt: statusUpdateAt });
    }
    if (on.has('undocumented-status') && /^GET \/payment\/customer\/v1\/instant\/payments\/[^/]+$/.test(route) && status === 200) status = 202;
    if (on.has('accepts-invalid-body') && route === 'POST /payment/customer/v1/instant/payments' && status === 400) {
      status = 200;
      text = JSON.stringify({ id: 'made-up-payment-1', clientRequestId: 'made-up', amount: '1.00', currency: 'BRL', status: 'CONSENT_AWAITING_AUTHORIZATION', consentRedirectURL: 'https://bank.example/authorize/made-up' });
    }

    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection' && name !== 'keep-alive') out[name] = value;
    });
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
