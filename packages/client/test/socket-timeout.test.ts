// The default fetch over a real socket: a timed-out attempt must not stay open on the server,
// which only happens if the attempt's signal reaches undici.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKlaviClient, KlaviTimeoutError } from '../src/index.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A server that issues tokens and never answers anything else. `allClosed()` settles once the
 * stalled request's connection (the second: the token's closes with its answer) has come and gone.
 * It watches sockets, not requests: on a loaded machine the deadline can pass before the server
 * has parsed the request, and such a request never reaches a handler.
 */
async function stallingServer() {
  const open = new Set<Socket>();
  let seen = 0;
  let onEmpty: (() => void) | undefined;
  const settled = () => seen >= 2 && open.size === 0;
  const server = createServer((request, response) => {
    // The token's connection closes with its answer, so that only the stalled request's is left.
    if (request.url?.endsWith('/auth'))
      response
        .writeHead(200, { 'content-type': 'application/json', connection: 'close' })
        .end(JSON.stringify({ accessToken: 'token', expireIn: 3600 }));
  });
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    seen++;
    socket.on('close', () => {
      open.delete(socket);
      if (settled()) onEmpty?.();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const allClosed = () =>
    new Promise<void>((resolve) => {
      if (settled()) resolve();
      else onEmpty = resolve;
    });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    allClosed,
    connections: () => ({ seen, open: open.size }),
  };
}

describe('the default fetch, over a socket', () => {
  it('closes the connection of an attempt that timed out', { timeout: 15_000 }, async () => {
    const { baseUrl, allClosed, connections } = await stallingServer();
    // A second, not a tenth: the deadline bounds the token's request too, and on a machine busy
    // with every package's tests a tenth of a second could pass before the token's answer.
    const klavi = createKlaviClient({
      baseUrl,
      credentials: { accessKey: 'a', secretKey: 's' },
      timeoutMs: 1_000,
      retry: false,
    });
    const call = klavi.GET('/payment/customer/v1/instant/payments/{id}/status', { params: { path: { id: 'p1' } } });
    await expect(call).rejects.toBeInstanceOf(KlaviTimeoutError);
    // The token came, and the stalled request opened its own connection: otherwise say so, not hang.
    expect(connections().seen).toBe(2);
    // Left open, the stalled request would hold its connection for as long as the server lives.
    await allClosed();
    expect(connections()).toEqual({ seen: 2, open: 0 });
  });
});
