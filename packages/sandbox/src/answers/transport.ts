// The faults below HTTP: a request held back, a connection closed with no answer, an answer whose
// body stops halfway. Each takes the reply away from Fastify (hijack), which then sends nothing.
import type { FastifyReply } from 'fastify';
import type { Reply } from '../handlers.js';

/** Resolves true after `ms`, or false as soon as `signal` aborts (the server is closing). */
export function hold(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (held: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(held);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(done, ms, true);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Closes the connection without a byte of answer: the client sees it reset. */
export function dropConnection(reply: FastifyReply): FastifyReply {
  reply.hijack();
  // The response's destroy closes its socket; it also ends an injected request (app.inject), whose
  // stand-in socket has no destroy of its own.
  reply.raw.destroy();
  return reply;
}

/**
 * Sends the status, the headers (a Content-Length for the whole body) and the first half of the
 * body, then closes the connection: the client reads a body that ends too soon.
 */
export function cutShort(reply: FastifyReply, result: Reply): FastifyReply {
  const payload = Buffer.from(JSON.stringify(result.body ?? null));
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries({ ...reply.getHeaders(), ...result.headers }))
    if (value !== undefined) headers[name] = value;
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = payload.length;
  res.writeHead(result.status, headers);
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
  return reply;
}
