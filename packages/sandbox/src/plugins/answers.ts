// The sandbox's endpoints for documented answers and faults, under /__sandbox (not part of the
// Klavi API): the answers each operation documents (what `Prefer: code=` can ask for), and the
// fault rules: add, list, remove one, clear.
import type { FastifyInstance } from 'fastify';
import type { DocumentedAnswers } from '../answers/documented.js';
import type { FaultRules } from '../answers/faults.js';
import { ApiError, errorBody } from '../errors.js';
import { UnsupportedBody } from './spec-routes.js';
import { CONTROL_PREFIX } from './control.js';

export interface AnswerRoutesOptions {
  answers: DocumentedAnswers;
  faults: FaultRules;
}

export async function answerRoutes(app: FastifyInstance, options: AnswerRoutesOptions): Promise<void> {
  const { answers, faults } = options;
  app.get(`${CONTROL_PREFIX}/answers`, async () => ({ operations: answers.list() }));
  app.get(`${CONTROL_PREFIX}/faults`, async () => ({ faults: faults.list() }));
  app.post(`${CONTROL_PREFIX}/faults`, async (request, reply) => {
    const body = request.body;
    if (body instanceof UnsupportedBody || body instanceof URLSearchParams || body === undefined)
      throw new ApiError(400, 'send a fault rule (or a list of them) as JSON, with Content-Type: application/json');
    // A list is taken whole or not at all: a test never runs with half its faults.
    const many = Array.isArray(body);
    const added = faults.add(many ? body : [body], (i) => (many ? `body[${i}]` : 'body'));
    return reply.code(201).send(many ? { faults: added } : added[0]);
  });
  app.delete(`${CONTROL_PREFIX}/faults`, async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>(`${CONTROL_PREFIX}/faults/:id`, async (request, reply) => {
    if (faults.remove(request.params.id)) return reply.code(204).send();
    return reply
      .code(404)
      .send(errorBody(404, `there is no fault rule ${request.params.id}; GET ${CONTROL_PREFIX}/faults lists them`));
  });
}
