// The sandbox's own endpoints under /__sandbox, which are not part of the Klavi API: the clock,
// and the scenario table with its JSON Schema.
import type { FastifyInstance } from 'fastify';
import { timestamp, type SandboxClock } from '../clock.js';
import { scenariosDocument } from '../domain/scenarios/document.js';
import { SCENARIOS_SCHEMA } from '../domain/scenarios/schema.js';
import { errorBody } from '../errors.js';

/** The prefix of the sandbox's own endpoints. */
export const CONTROL_PREFIX = '/__sandbox';

export async function controlRoutes(app: FastifyInstance, { clock }: { clock: SandboxClock }): Promise<void> {
  app.get(`${CONTROL_PREFIX}/clock`, async () => ({ now: timestamp(clock.now()) }));
  app.post(`${CONTROL_PREFIX}/clock/advance`, async (request, reply) => {
    const body = request.body as { seconds?: unknown; ms?: unknown } | undefined;
    const ms = typeof body?.ms === 'number' ? body.ms : typeof body?.seconds === 'number' ? body.seconds * 1000 : NaN;
    if (!Number.isFinite(ms) || ms < 0)
      return reply.code(400).send(errorBody(400, 'body.seconds (or body.ms) must be a non-negative number'));
    clock.advance(ms);
    return { now: timestamp(clock.now()) };
  });
  app.get(`${CONTROL_PREFIX}/scenarios`, async () => scenariosDocument());
  app.get(`${CONTROL_PREFIX}/scenarios.schema.json`, async (_request, reply) =>
    reply.type('application/schema+json').send(SCENARIOS_SCHEMA),
  );
}
