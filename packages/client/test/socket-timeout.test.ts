// The default fetch over a real socket: a timed-out attempt must not stay open on the server,
// which only happens if the attempt's signal reaches undici.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKlaviClient, KlaviTimeoutError } from '../src/index.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that issues tokens and never answers anything else; `closed` settles when such a request's connection goes. */
async function stallingServer() {
  let onClose: (request: IncomingMessage) => void = () => {};
  const closed = new Promise<IncomingMessage>((resolve) => (onClose = resolve));
  const server = createServer((request, response) => {
    if (request.url?.endsWith('/auth')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accessToken: 'token', expireIn: 3600 }));
      return;
    }
    response.on('close', () => onClose(request));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed };
}

describe('the default fetch, over a socket', () => {
  it('closes the connection of an attempt that timed out', async () => {
    const { baseUrl, closed } = await stallingServer();
    const klavi = createKlaviClient({ baseUrl, credentials: { accessKey: 'a', secretKey: 's' }, timeoutMs: 100, retry: false });
    const call = klavi.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
    await expect(call).rejects.toBeInstanceOf(KlaviTimeoutError);
    const request = await closed;
    expect(request.url).toBe('/payment/customer/v1/instant/payments/p1/status');
  });
});
