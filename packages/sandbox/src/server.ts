// The HTTP server: Fastify for parsing, limits and lifecycle, and three plugins: the spec's
// operations (plugins/spec-routes.ts), the sandbox's control API (plugins/control.ts) and the
// simulated bank's pages (plugins/bank.ts). The operations come from the spec model.
import { setMaxListeners } from 'node:events';
import Fastify, { type FastifyInstance } from 'fastify';
import { readModel, SpecRouter, SpecValidator, type JsonObject, type SpecOperation } from '@klavi-pay/openapi-runtime';
import { DocumentedAnswers } from './answers/documented.js';
import { asRangeError, FaultRules, type FaultRuleInput } from './answers/faults.js';
import { DEMO_APPS, DEMO_CREDENTIALS, TokenService, type Credential, type Scheme } from './auth.js';
import { createClock, isDataClock, type ClockOption } from './clock.js';
import type { MerchantApp } from './domain/records.js';
import { SandboxState } from './domain/state.js';
import type { SandboxStateView } from './domain/view.js';
import { ApiError, errorBody } from './errors.js';
import { answerClientError, MAX_HEADER_BYTES } from './http-errors.js';
import { redactUrl } from './redact.js';
import { repeatedSingleHeader } from './single-headers.js';
import { missingHandlers } from './handlers.js';
import { createIds, randomUuid } from './ids.js';
import { answerRoutes } from './plugins/answers.js';
import { webhookRoutes } from './plugins/webhooks.js';
import { PaymentEvents } from './events/payment-events.js';
import type { DeliveryPolicy } from './events/outbox.js';
import { checkWebhookUrl } from './events/webhook-url.js';
import { bankRoutes } from './plugins/bank.js';
import { corsForLocalOrigins } from './plugins/cors.js';
import { controlRoutes } from './plugins/control.js';
import { answerUnrouted, pathOf, specRoutes, UnsupportedBody, type ResponseViolation } from './plugins/spec-routes.js';
import { checkPublicUrl, DEFAULT_HOST, DEFAULT_PORT, listeningOrigin, originOf } from './origin.js';
import type { Journal } from './persistence/journal.js';
import { attachData, openData } from './persistence/restore.js';
import { loadBundle } from './spec.js';
import { MODEL } from './spec-model.js';

export { CONTROL_PREFIX } from './plugins/control.js';
export type { ResponseViolation } from './plugins/spec-routes.js';

export const BODY_LIMIT = 1024 * 1024;

export interface SandboxAppOptions {
  clock?: ClockOption;
  /** Seeds the ids, so that the same calls give the same ids. */
  seed?: number;
  credentials?: Record<Scheme, Credential[]>;
  apps?: MerchantApp[];
  /**
   * The most payments, consents and automatic payments kept; past it, the oldest terminal ones are
   * evicted (domain/retention.ts). Default: no bound.
   */
  maxRecords?: number;
  /**
   * Keeps state, the signing key pair and the clock in this file (an LMDB database) across
   * restarts. A new file is made; an existing one is read back. Default: memory only.
   */
  data?: string;
  /**
   * The URL the sandbox is reached at from outside, when that is not the address it listens on:
   * behind Docker's port mapping or a proxy, e.g. `https://sandbox.example.com`. The bank's links
   * (consentRedirectURL, paymentURL) are given under it. Default: the address the server listens on.
   */
  publicUrl?: string;
  /** Lifetime of access tokens, in seconds. Default 3600. */
  tokenLifetimeS?: number;
  /** Receives one line per request. Default: stdout; `quiet` turns it off. */
  log?: (line: string) => void;
  quiet?: boolean;
  /** Called when a response the sandbox sends does not match the spec (a sandbox bug). */
  onViolation?: (violation: ResponseViolation) => void;
  /**
   * Fault rules in force from the start (as `POST /__sandbox/faults` takes them): a documented
   * status, a dropped connection, a cut body or a delay for the next requests of an operation.
   */
  faults?: readonly FaultRuleInput[];
  /**
   * Where every app's payment events are POSTed, signed with the app's secretKey (an app's own
   * `webhookUrl` wins). With one, due status moves also happen on their own, unread. Default: none,
   * no events.
   */
  webhookUrl?: string;
  /** The delivery policy, for tests (default Klavi's: 10 s timeout, 5 resends from 250 ms, 3 redirects). */
  webhookPolicy?: Partial<DeliveryPolicy>;
  /**
   * The OpenAPI document to serve in place of the bundled Klavi spec: a draft of it, whose new
   * documented responses can then be asked for. It must keep the operations the sandbox simulates.
   */
  document?: JsonObject;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** The query parameters the spec declares: their values are safe to log. */
const SPEC_QUERY: ReadonlySet<string> = new Set(
  MODEL.operations.flatMap((op) => op.parameters.filter((p) => p.in === 'query').map((p) => p.name)),
);

export async function buildApp(options: SandboxAppOptions = {}) {
  if (options.maxRecords !== undefined && (!Number.isInteger(options.maxRecords) || options.maxRecords < 1))
    throw new RangeError(`maxRecords must be a positive integer, got ${options.maxRecords}`);
  const publicUrl = options.publicUrl === undefined ? undefined : checkPublicUrl(options.publicUrl);
  const webhookUrl = options.webhookUrl === undefined ? undefined : checkWebhookUrl(options.webhookUrl, 'webhookUrl');
  const apps: MerchantApp[] = (options.apps ?? DEMO_APPS).map((a: MerchantApp, i) =>
    a.webhookUrl === undefined ? a : { ...a, webhookUrl: checkWebhookUrl(a.webhookUrl, `apps[${i}].webhookUrl`) },
  );
  const doc = options.document ?? loadBundle();
  const model = options.document ? readModel(doc) : MODEL;
  // The model's literal types fit the runtime's readonly model as they are.
  const operations: readonly SpecOperation[] = model.operations;
  const missing = missingHandlers(operations.map((op) => op.operationId));
  if (missing.length > 0) throw new Error(`the sandbox has no handler for ${missing.join(', ')}`);

  const validator = new SpecValidator(doc, { baseUri: 'https://klavi.ai/openapi.json' });
  validator.warm(
    operations.flatMap((op) =>
      [op.bodyPointer, ...op.parameters.map((p) => p.schemaPointer), ...Object.values(op.responsePointers)].filter(
        (p): p is string => p !== null,
      ),
    ),
  );
  const answers = new DocumentedAnswers(doc, operations, validator);
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const faults = new FaultRules(byId, answers);
  asRangeError(() => faults.add(options.faults ?? [], (i) => `faults[${i}]`));
  // Opened last of what can fail on its own, so that a failure past here is the only one that must close it.
  const opened = options.data === undefined ? undefined : openData(options.data, options);
  // The links' origin: the public URL, or the address the server listens on, read once it listens
  // (a request is answered only then). Not listening (app.inject), it is the default address.
  let listening: string | undefined;
  const origin =
    publicUrl !== undefined
      ? () => publicUrl
      : () => {
          listening ??= listeningOrigin(app.server);
          return listening ?? originOf(DEFAULT_HOST, DEFAULT_PORT);
        };
  const baseClock = opened?.clock ?? createClock(options.clock);
  const state = new SandboxState({
    clock: baseClock,
    ids: opened?.ids ?? createIds(options.seed),
    apps,
    origin,
    maxRecords: options.maxRecords,
  });
  // The state's clock: advancing it is told to the change stream.
  const { clock } = state;
  const tokens = new TokenService(options.credentials ?? DEMO_CREDENTIALS, clock, options.tokenLifetimeS);
  let journal: Journal | undefined;
  try {
    await tokens.init(opened ? (opened.origin ? { privateJwk: opened.origin.privateJwk } : { extractable: true }) : {});
    if (opened) journal = await attachData(opened, state, tokens, options);
  } catch (error) {
    await opened?.file.close();
    throw error;
  }
  const violations: ResponseViolation[] = [];
  const log = options.quiet ? undefined : (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)));

  const keepLogging = (error: Error) =>
    log?.(`sandbox: could not keep the webhook outbox in the data file: ${error.message}`);
  // Payment events only when an app has somewhere to send them: nothing listens otherwise.
  const eventsOn = webhookUrl !== undefined || apps.some((a) => a.webhookUrl !== undefined);
  // Before the settler's first catch-up: every move it announces must be in the file.
  if (eventsOn && journal) journal.keepPlannedMoves = true;
  const events = eventsOn
    ? new PaymentEvents({
        state,
        doc,
        operations,
        webhooks: model.webhooks,
        validator,
        apps,
        customerCredentials: (options.credentials ?? DEMO_CREDENTIALS).CustomerBearer,
        webhookUrl,
        // A frozen clock moves only when advanced; the system clock, or one of the caller's, by itself.
        realTimeClock: !isDataClock(baseClock) || baseClock.toData().kind === 'system',
        ...(options.webhookPolicy ? { policy: options.webhookPolicy } : {}),
        ...(opened
          ? {
              settled: () => void journal?.commit()?.catch(keepLogging),
              store: {
                entries: opened.file.outbox(),
                put: (key, entry) => void opened.file.putOutbox(key, entry).catch(keepLogging),
                remove: (key) => void opened.file.removeOutbox(key).catch(keepLogging),
              },
            }
          : {}),
        ...(log ? { log } : {}),
        violation(webhook, message) {
          const violation = {
            operationId: webhook.operationId,
            method: webhook.method,
            path: `webhooks.${webhook.name}`,
            status: 0,
            message,
          };
          violations.push(violation);
          options.onViolation?.(violation);
          log?.(`sandbox bug: the ${webhook.eventName} event does not match the spec: ${message}`);
        },
      })
    : undefined;

  const app: FastifyInstance = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler: answerClientError,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUuid();
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
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, _body, done) =>
    done(null, new UnsupportedBody(String(req.headers['content-type']))),
  );

  // Hooks take callbacks, not async functions: an async hook costs every request a promise and a
  // turn of the microtask queue.
  app.addHook('onRequest', (request, reply, done) => {
    // Set first, so that every answer carries it: errors, 404s and CORS preflights too.
    reply.header('x-request-id', request.id);
    const repeated = repeatedSingleHeader(request.raw.rawHeaders);
    if (repeated)
      return done(new ApiError(400, `the ${repeated.name} header was sent ${repeated.count} times; send it once`));
    done();
  });
  if (opened) {
    // Before the answer leaves: what a client was told exists is in the file. Only with a data
    // file: every hook costs each request a step.
    app.addHook('onSend', (_request, _reply, payload, done) => {
      const committed = journal?.commit();
      if (!committed) return done(null, payload);
      committed.then(
        () => done(null, payload),
        (error: Error) => done(error),
      );
    });
    app.addHook('onClose', async () => {
      try {
        await journal?.commit();
      } finally {
        await opened.file.close();
      }
    });
  }
  // Only with a log: every hook costs each request a step, quiet or not.
  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(
        `${request.method} ${redactUrl(request.url, SPEC_QUERY)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${request.id}`,
      );
    });
  }

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, _request, reply) => {
    if (error instanceof ApiError) return void reply.code(error.status).headers(error.headers).send(error.body);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return void reply.code(400).send(errorBody(400, `body is larger than the ${BODY_LIMIT} bytes the API accepts`));
    if (error.code?.startsWith('FST_ERR_CTP_') || (error.statusCode && error.statusCode < 500)) {
      return void reply.code(400).send(errorBody(400, `the request could not be read: ${error.message}`));
    }
    log?.(`sandbox error: ${error.stack ?? error.message}`);
    reply.code(500).send(errorBody(500, 'the sandbox failed unexpectedly; this is a sandbox bug, please report it'));
  });

  await corsForLocalOrigins(app);
  // Only an OPTIONS that is not a CORS preflight gets here (every other method has the catch-all
  // route): it is answered as the API answers a method it does not take.
  const router = new SpecRouter([...operations]);
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const match = router.match(request.method, path);
    answerUnrouted(reply, request.method, path, match.kind === 'operation' ? { kind: 'not-found' } : match);
  });
  await app.register(bankRoutes, { state });
  await app.register(controlRoutes, { clock });
  await app.register(answerRoutes, { answers, faults });
  await app.register(webhookRoutes, { events, state, doc, validator });
  app.addHook('onClose', (_instance, done) => {
    events?.close();
    done();
  });
  // A request held by a fault stops waiting when the server closes, so that close() does not wait for
  // it. Each held request listens to this one signal: as many as there are connections.
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);
  app.addHook('preClose', (done) => {
    closing.abort();
    done();
  });
  await app.register(specRoutes, {
    answers,
    faults,
    closing: closing.signal,
    commit: () => journal?.commit(),
    note: (request, what) => log?.(`${request.method} ${redactUrl(request.url, SPEC_QUERY)} ${what} ${request.id}`),
    router,
    validator,
    tokens,
    state,
    violation(violation) {
      violations.push(violation);
      options.onViolation?.(violation);
      log?.(`sandbox bug: ${violation.operationId} ${violation.status} does not match the spec: ${violation.message}`);
    },
  });

  const view: SandboxStateView = state;
  return { app, state: view, clock, violations, tokens, faults, events };
}
