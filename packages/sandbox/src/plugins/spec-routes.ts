// Every operation of the spec, routed by the model's path templates: auth, parameters and body
// are checked against the spec before a handler sees them, and every response after.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Match, SpecOperation, SpecRouter, SpecValidator } from '@klavi-pay/openapi-runtime';
import type { Principal, Scheme, TokenService } from '../auth.js';
import type { SandboxState } from '../domain/state.js';
import { documentedKey, type DocumentedAnswers } from '../answers/documented.js';
import type { FaultRules } from '../answers/faults.js';
import { planFor, type FaultPlan } from '../answers/plan.js';
import { cutShort, dropConnection, hold } from '../answers/transport.js';
import { ApiError, errorBody } from '../errors.js';
import { dispatch, type Reply } from '../handlers.js';

export interface ResponseViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  message: string;
}

export interface SpecRoutesOptions {
  /** The spec's operations by method and path template; the server's not-found handler shares it. */
  router: SpecRouter;
  validator: SpecValidator;
  tokens: TokenService;
  state: SandboxState;
  /** A response the sandbox was about to send does not match the spec (a sandbox bug). */
  violation(violation: ResponseViolation): void;
  /** Each operation's documented answers, for `Prefer: code=` and the fault rules. */
  answers: DocumentedAnswers;
  faults: FaultRules;
  /** Aborts when the server closes: a held request stops waiting. */
  closing: AbortSignal;
  /** Waits until what was done is in the data file (no-op without one), for a fault that answers without Fastify. */
  commit(): Promise<void> | undefined;
  /** Logs a request Fastify did not answer (a dropped connection, a cut body). */
  note(request: FastifyRequest, what: string): void;
}

/** A request as the handler gets it: who sent it, its parameters and its body, all checked. */
interface Admitted {
  principal: Principal | undefined;
  params: { path: Record<string, string>; query: Record<string, unknown> };
  body: unknown;
}

/** A request body in a media type the API does not take. */
export class UnsupportedBody {
  constructor(readonly contentType: string) {}
}

/** The path of a request target, without its query. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A refusal the domain or the checks raised, as the reply it is; anything else is a sandbox bug. */
function refusal(error: unknown): Reply {
  if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
  throw error;
}

/** `answer` outside Fastify's call stack: what it throws is sent as Fastify sends a handler's error. */
function answerLater(answer: (result: Reply) => void, result: Reply, reply: FastifyReply): void {
  try {
    answer(result);
  } catch (error) {
    if (!reply.sent) reply.send(error);
  }
}

/** The answer to a request no operation takes: 404, or 405 with the methods its path does take. */
export function answerUnrouted(
  reply: FastifyReply,
  method: string,
  path: string,
  match: Exclude<Match, { kind: 'operation' }>,
): FastifyReply {
  if (match.kind === 'not-found')
    return reply.code(404).send(errorBody(404, `there is no operation at ${method} ${path}`));
  return reply
    .code(405)
    .header('allow', match.allowed.join(', '))
    .send(errorBody(405, `${method} is not allowed on ${match.template}; allowed: ${match.allowed.join(', ')}`));
}

export async function specRoutes(app: FastifyInstance, options: SpecRoutesOptions): Promise<void> {
  const { validator, tokens, state } = options;
  const { router } = options;

  function report(op: SpecOperation, status: number, message: string): void {
    options.violation({ operationId: op.operationId, method: op.method, path: op.path, status, message });
  }

  function check(op: SpecOperation, status: number, body: unknown, headers: Record<string, string>): void {
    const key = documentedKey(op, status);
    if (key === undefined) {
      report(op, status, `status ${status} is not documented for ${op.operationId}`);
      return;
    }
    const required = op.requiredHeaders[key];
    if (required)
      for (const header of required)
        if (!(header.toLowerCase() in headers)) report(op, status, `required header ${header} is missing`);
    const pointer = op.responsePointers[key];
    if (!pointer) return;
    // The body itself, not a JSON round trip of it: the domain builds plain JSON values (strings,
    // numbers, plain objects; no Dates or toJSON), Ajv treats an undefined property as absent just
    // as JSON.stringify drops it, and the validator's Ajv never changes the data it checks.
    const verdict = validator.validate(pointer, body, 'response');
    if (!verdict.valid) report(op, status, verdict.message ?? 'invalid body');
  }

  /** Each operation's query parameter names, read from the model once rather than on every request. */
  const queryNames = new WeakMap<SpecOperation, ReadonlySet<string>>();
  const queryNamesOf = (op: SpecOperation): ReadonlySet<string> => {
    let names = queryNames.get(op);
    if (!names) {
      names = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
      queryNames.set(op, names);
    }
    return names;
  };

  function parseParameters(op: SpecOperation, path: Record<string, string>, query: Record<string, unknown>) {
    const known = queryNamesOf(op);
    for (const name of Object.keys(query)) {
      if (!known.has(name))
        throw new ApiError(
          400,
          `query.${name} is not a parameter of ${op.operationId}${known.size ? `; it takes ${[...known].join(', ')}` : ''}`,
        );
    }
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
      if ((type === 'integer' || type === 'number') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
        value = Number(value);
      const verdict = validator.validate(parameter.schemaPointer, value, `${parameter.in}.${parameter.name}`);
      if (!verdict.valid) throw new ApiError(400, verdict.message!);
      (values[parameter.in] as Record<string, unknown>)[parameter.name] = value;
    }
    return values;
  }

  /** Sync when the token was verified before, as nearly every request's was. */
  function authenticate(op: SpecOperation, request: FastifyRequest): Principal | undefined | Promise<Principal> {
    if (!op.security) return undefined;
    return tokens.verify(request.headers.authorization, op.security as Scheme);
  }

  function readBody(op: SpecOperation, body: unknown): unknown {
    if (!op.bodyPointer) return undefined;
    if (body instanceof UnsupportedBody || body instanceof URLSearchParams) {
      throw new ApiError(
        400,
        `Content-Type must be application/json, got ${body instanceof UnsupportedBody ? body.contentType : 'application/x-www-form-urlencoded'}`,
      );
    }
    if (body === undefined) {
      if (op.bodyRequired)
        throw new ApiError(400, 'body is required: send a JSON object with Content-Type: application/json');
      return undefined;
    }
    const verdict = validator.validate(op.bodyPointer, body, 'body');
    if (!verdict.valid) throw new ApiError(400, verdict.message!);
    return body;
  }

  /** Auth, then the parameters and the body: what the handler gets, or an ApiError thrown (a refusal). */
  function admit(
    op: SpecOperation,
    path: Record<string, string>,
    request: FastifyRequest,
  ): Admitted | Promise<Admitted> {
    // Auth first: an anonymous caller learns nothing about which inputs are valid.
    const principal = authenticate(op, request);
    return principal instanceof Promise
      ? principal.then((who) => checked(op, path, request, who))
      : checked(op, path, request, principal);
  }

  function checked(
    op: SpecOperation,
    path: Record<string, string>,
    request: FastifyRequest,
    principal: Principal | undefined,
  ): Admitted {
    const params = parseParameters(op, path, request.query as Record<string, unknown>);
    return { principal, params, body: readBody(op, request.body) };
  }

  /** The work: the operation's handler on an admitted request. */
  function run(op: SpecOperation, admitted: Admitted): Reply | Promise<Reply> {
    try {
      const outcome = dispatch(op.operationId, {
        state,
        tokens,
        principal: admitted.principal,
        path: admitted.params.path,
        query: admitted.params.query,
        body: admitted.body,
      });
      return outcome instanceof Promise ? outcome.catch(refusal) : outcome;
    } catch (error) {
      return refusal(error);
    }
  }

  // Promises only where the work is asynchronous (a first sight of a token, a token to sign): an
  // await on every step cost each request a turn of the microtask queue per step.
  function serve(op: SpecOperation, path: Record<string, string>, request: FastifyRequest): Reply | Promise<Reply> {
    try {
      const admitted = admit(op, path, request);
      return admitted instanceof Promise ? admitted.then((a) => run(op, a), refusal) : run(op, admitted);
    } catch (error) {
      return refusal(error);
    }
  }

  // Every method but OPTIONS, which the CORS plugin answers (plugins/cors.ts).
  app.route({
    method: app.supportedMethods.filter((m) => m !== 'OPTIONS'),
    url: '*',
    handler: (request, reply) => {
      const rawPath = pathOf(request.url);
      const match = router.match(request.method, rawPath);
      if (match.kind !== 'operation') return void answerUnrouted(reply, request.method, rawPath, match);
      const answer = (result: Reply) => {
        const headers = result.headers ?? {};
        check(match.operation, result.status, result.body, headers);
        reply.code(result.status).headers(headers).send(result.body);
      };
      // Only a request that asks for an answer, or a sandbox with fault rules, leaves the fast path.
      if (request.headers.prefer !== undefined || options.faults.size > 0)
        return faulted(match.operation, match.path, request, reply, answer);
      const result = serve(match.operation, match.path, request);
      // From a promise Fastify needs the reply itself, or it takes the send still under way (an
      // onSend hook waiting for the data file) for none.
      if (result instanceof Promise)
        return result.then((r) => {
          answer(r);
          return reply;
        });
      // Answered in the check phase, once every request this turn of the event loop read has been
      // served: the answers then leave one after another, and the client woken by the first is
      // still awake for the rest. Each write waking a sleeping client was a fifth of the sandbox's
      // time under load. Nothing waits longer than the turn itself.
      setImmediate(answerLater, answer, result, reply);
    },
  });

  /**
   * A request a Prefer header or a fault rule may change. It is admitted first, so that a caller's
   * own mistake (no token, a bad body) is answered as it is and takes no rule; then the plan: hold,
   * drop, answer in place of the work, or do the work and fail after it.
   */
  async function faulted(
    op: SpecOperation,
    path: Record<string, string>,
    request: FastifyRequest,
    reply: FastifyReply,
    answer: (result: Reply) => void,
  ): Promise<FastifyReply> {
    let admitted: Admitted;
    let plan: FaultPlan | undefined;
    try {
      admitted = await admit(op, path, request);
      plan = planFor(op, request.headers.prefer, options.answers, options.faults);
    } catch (error) {
      answer(refusal(error));
      return reply;
    }
    if (!plan) {
      answer(await run(op, admitted));
      return reply;
    }
    if (plan.latencyMs > 0 && !(await hold(plan.latencyMs, options.closing))) {
      options.note(request, `dropped: the server closed while ${plan.by} held it`);
      return dropConnection(reply);
    }
    if (plan.drop === 'before') {
      options.note(request, `dropped before the work by ${plan.by}`);
      return dropConnection(reply);
    }
    const made = plan.answer;
    if (made && !plan.after) {
      answer(applied(options.answers.makeUp(op, made), plan));
      return reply;
    }
    const result = await run(op, admitted);
    if (made) {
      const message = `${made.message} (the work was done: it answered ${result.status})`;
      answer(applied(options.answers.makeUp(op, { ...made, message }), plan));
      return reply;
    }
    if (plan.drop === 'after' || plan.truncate) {
      check(op, result.status, result.body, result.headers ?? {});
      // What was done is in the data file before the client is told nothing (or half).
      await options.commit();
      options.note(
        request,
        plan.truncate
          ? `${result.status} cut short by ${plan.by}`
          : `dropped after the work (it answered ${result.status}) by ${plan.by}`,
      );
      return plan.truncate ? cutShort(reply, result) : dropConnection(reply);
    }
    answer(applied(result, plan));
    return reply;
  }
}

/** RFC 7240: a server that honoured preferences names them in Preference-Applied. */
function applied(result: Reply, plan: FaultPlan): Reply {
  if (plan.applied === undefined || result.status !== plan.answeredWith) return result;
  return { ...result, headers: { ...result.headers, 'preference-applied': plan.applied } };
}
