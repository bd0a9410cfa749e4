// CORS for pages served from this machine (a browser app in development, the API reference's
// console), through @fastify/cors: the sandbox answers their preflights and lets them read the
// answer. Any other origin gets no CORS headers, so a browser keeps its pages from the sandbox.
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** http(s) on localhost, 127.x.x.x or [::1], on any port. */
export const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/;

export async function corsForLocalOrigins(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && LOCAL_ORIGIN.test(origin)),
    methods: ['GET', 'POST'],
    // prefer: the console asks for any documented answer (Prefer: code=503).
    allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'prefer'],
    // What a client reads from an answer: the request id to quote, how long to back off, and
    // whether the answer it asked for was given.
    exposedHeaders: ['x-request-id', 'retry-after', 'preference-applied'],
    maxAge: 600,
    // An OPTIONS with an Origin is treated as a preflight; one without is the API's (405, server.ts).
    strictPreflight: false,
  });
}
