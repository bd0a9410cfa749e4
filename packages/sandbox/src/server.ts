// The HTTP server: Fastify for parsing, limits and lifecycle; the spec for routing and validation.
// Every operation of the bundle is routed from spec/dist/openapi.json; requests are checked against
// its schemas before a handler sees them, and responses after.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DEMO_APPS, DEMO_CREDENTIALS, TokenService, type Credential, type Principal, type Scheme } from './auth.js';
import { decideBankPage, openBankPage, type Page } from './bank.js';
import { createClock, timestamp, type ClockOption, type SandboxClock } from './clock.js';
import { SCENARIOS } from './domain/scenarios.js';
import { CONSENT_SCENARIOS } from './domain/automatic.js';
import { SandboxState, type MerchantApp } from './domain/state.js';
import { ApiError, errorBody } from './errors.js';
import { HANDLERS, type Reply } from './handlers.js';
import { createIds } from './ids.js';
import { readOperations, SpecRouter, SpecValidator, type SpecOperation } from '@klavi-pay/openapi-runtime';
import { loadBundle } from './spec.js';

export const BODY_LIMIT = 1024 * 1024;
/** The prefix of the sandbox's own endpoints, which are not part of the Klavi API. */
export const CONTROL_PREFIX = '/__sandbox';

export interface ResponseViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  message: string;
}

export interface SandboxAppOptions {
  clock?: ClockOption;
  /** Seeds the ids, so that the same calls give the same ids. */
  seed?: number;
  credentials?: Record<Scheme, Credential[]>;
  apps?: MerchantApp[];
  /** Lifetime of access tokens, in seconds. Default 3600. */
  tokenLifetimeS?: number;
  /** Receives one line per request. Default: stdout; `quiet` turns it off. */
  log?: (line: string) => void;
  quiet?: boolean;
  /** Called when a response the sandbox sends does not match the spec (a sandbox bug). */
  onViolation?: (violation: ResponseViolation) => void;
}

/** A request body in a media type the API does not take. */
class UnsupportedBody {
  constructor(readonly contentType: string) {}
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(options: SandboxAppOptions = {}) {
  const clock: SandboxClock = createClock(options.clock);
  const ids = createIds(options.seed);
  const doc = loadBundle();
  const operations = readOperations(doc);
  const missing = operations.filter((op) => !HANDLERS[op.operationId]).map((op) => op.operationId);
  if (missing.length > 0) throw new Error(`the sandbox has no handler for ${missing.join(', ')}`);

  const validator = new SpecValidator(doc);
  validator.warm(operations.flatMap((op) => [op.bodyPointer, ...op.parameters.map((p) => p.schemaPointer), ...Object.values(op.responsePointers)].filter((p): p is string => p !== null)));
  const router = new SpecRouter(operations);
  const tokens = new TokenService(options.credentials ?? DEMO_CREDENTIALS, clock, options.tokenLifetimeS);
  await tokens.init();
  const state = new SandboxState(clock, ids, options.apps ?? DEMO_APPS, 'http://127.0.0.1:4010');
  const violations: ResponseViolation[] = [];
  const log = options.quiet ? undefined : (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)));

  const app: FastifyInstance = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(new ApiError(400, `body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, new URLSearchParams(body as string)));
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, _body, done) => done(null, new UnsupportedBody(String(req.headers['content-type']))));

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    log?.(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${request.id}`);
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, _request, reply) => {
    if (error instanceof ApiError) return void reply.code(error.status).headers(error.headers).send(error.body);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return void reply.code(400).send(errorBody(400, `body is larger than the ${BODY_LIMIT} bytes the API accepts`));
    if (error.code?.startsWith('FST_ERR_CTP_') || (error.statusCode && error.statusCode < 500)) {
      return void reply.code(400).send(errorBody(400, `the request could not be read: ${error.message}`));
    }
    log?.(`sandbox error: ${error.stack ?? error.message}`);
    reply.code(500).send(errorBody(500, 'the sandbox failed unexpectedly; this is a sandbox bug, please report it'));
  });

  function check(op: SpecOperation, status: number, body: unknown, headers: Record<string, string>): void {
    const report = (message: string) => {
      const violation = { operationId: op.operationId, method: op.method, path: op.path, status, message };
      violations.push(violation);
      options.onViolation?.(violation);
      log?.(`sandbox bug: ${op.operationId} ${status} does not match the spec: ${message}`);
    };
    const key = String(status);
    if (!(key in op.responsePointers)) return report(`status ${status} is not documented for ${op.operationId}`);
    for (const header of op.requiredHeaders[key] ?? []) if (!(header.toLowerCase() in headers)) report(`required header ${header} is missing`);
    const pointer = op.responsePointers[key];
    if (!pointer) return;
    const verdict = validator.validate(pointer, JSON.parse(JSON.stringify(body)), 'response');
    if (!verdict.valid) report(verdict.message ?? 'invalid body');
  }

  function parseParameters(op: SpecOperation, path: Record<string, string>, query: Record<string, unknown>) {
    const known = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    const unknown = Object.keys(query).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new ApiError(400, `query.${unknown[0]} is not a parameter of ${op.operationId}${known.size ? `; it takes ${[...known].join(', ')}` : ''}`);
    const values: { path: Record<string, string>; query: Record<string, unknown> } = { path: {}, query: {} };
    for (const parameter of op.parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      let value: unknown = parameter.in === 'path' ? path[parameter.name] : query[parameter.name];
      if (Array.isArray(value)) throw new ApiError(400, `${parameter.in}.${parameter.name} must be given once`);
      if (value === undefined) {
        if (parameter.required) throw new ApiError(400, `${parameter.in}.${parameter.name} is required`);
        continue;
      }
      const type = validator.typeAt(parameter.schemaPointer);
      if ((type === 'integer' || type === 'number') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
      const verdict = validator.validate(parameter.schemaPointer, value, `${parameter.in}.${parameter.name}`);
      if (!verdict.valid) throw new ApiError(400, verdict.message!);
      (values[parameter.in] as Record<string, unknown>)[parameter.name] = value;
    }
    return values;
  }

  async function authenticate(op: SpecOperation, request: FastifyRequest): Promise<Principal | undefined> {
    if (!op.security) return undefined;
    return tokens.verify(request.headers.authorization, op.security as Scheme);
  }

  function readBody(op: SpecOperation, body: unknown): unknown {
    if (!op.bodyPointer) return undefined;
    if (body instanceof UnsupportedBody || body instanceof URLSearchParams) {
      throw new ApiError(400, `Content-Type must be application/json, got ${body instanceof UnsupportedBody ? body.contentType : 'application/x-www-form-urlencoded'}`);
    }
    if (body === undefined) {
      if (op.bodyRequired) throw new ApiError(400, 'body is required: send a JSON object with Content-Type: application/json');
      return undefined;
    }
    const verdict = validator.validate(op.bodyPointer, body, 'body');
    if (!verdict.valid) throw new ApiError(400, verdict.message!);
    return body;
  }

  async function serveOperation(op: SpecOperation, path: Record<string, string>, request: FastifyRequest): Promise<Reply> {
    try {
      // Auth first: an anonymous caller learns nothing about which inputs are valid.
      const principal = await authenticate(op, request);
      const params = parseParameters(op, path, request.query as Record<string, unknown>);
      const body = readBody(op, request.body);
      return await HANDLERS[op.operationId]!({ state, tokens, principal, path: params.path, query: params.query, body });
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
      throw error;
    }
  }

  function sendPage(reply: FastifyReply, page: Page) {
    if (page.location) return reply.code(page.status).header('location', page.location).send();
    return reply.code(page.status).type('text/html; charset=utf-8').send(page.html);
  }

  app.get('/sandbox/bank/authorize/:token', async (request, reply) => sendPage(reply, openBankPage(state, (request.params as { token: string }).token)));
  app.post('/sandbox/bank/authorize/:token', async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    return sendPage(reply, decideBankPage(state, (request.params as { token: string }).token, form));
  });

  app.get(`${CONTROL_PREFIX}/clock`, async () => ({ now: timestamp(clock.now()) }));
  app.post(`${CONTROL_PREFIX}/clock/advance`, async (request, reply) => {
    const body = request.body as { seconds?: unknown; ms?: unknown } | undefined;
    const ms = typeof body?.ms === 'number' ? body.ms : typeof body?.seconds === 'number' ? body.seconds * 1000 : NaN;
    if (!Number.isFinite(ms) || ms < 0) return reply.code(400).send(errorBody(400, 'body.seconds (or body.ms) must be a non-negative number'));
    clock.advance(ms);
    return { now: timestamp(clock.now()) };
  });
  app.get(`${CONTROL_PREFIX}/scenarios`, async () => ({ amounts: SCENARIOS, consentMaximumVariableAmount: CONSENT_SCENARIOS }));

  app.all('*', async (request, reply) => {
    const rawPath = request.url.split('?')[0] ?? '/';
    const match = router.match(request.method, rawPath);
    if (match.kind === 'not-found') return reply.code(404).send(errorBody(404, `there is no operation at ${request.method} ${rawPath}`));
    if (match.kind === 'method-not-allowed') {
      return reply
        .code(405)
        .header('allow', match.allowed.join(', '))
        .send(errorBody(405, `${request.method} is not allowed on ${match.template}; allowed: ${match.allowed.join(', ')}`));
    }
    const result = await serveOperation(match.operation, match.path, request);
    const headers = result.headers ?? {};
    check(match.operation, result.status, result.body, headers);
    return reply.code(result.status).headers(headers).send(result.body);
  });

  return { app, state, clock, violations, tokens };
}
