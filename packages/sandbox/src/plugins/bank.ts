// The simulated bank's routes: the authorization page and its decision form.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { decidedPage, visitedPage, type Page } from '../bank/pages.js';
import { decide, openLink } from '../domain/authorization.js';
import type { SandboxState } from '../domain/state.js';

function send(reply: FastifyReply, page: Page) {
  if (page.location) return reply.code(page.status).header('location', page.location).send();
  return reply.code(page.status).type('text/html; charset=utf-8').send(page.html);
}

export async function bankRoutes(app: FastifyInstance, { state }: { state: SandboxState }): Promise<void> {
  app.get('/sandbox/bank/authorize/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    return send(reply, visitedPage(openLink(state, token), token));
  });
  app.post('/sandbox/bank/authorize/:token', async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    return send(reply, decidedPage(decide(state, (request.params as { token: string }).token, form)));
  });
}
