// The answers suite: every documented (operation, status) pair the run has not received by now,
// asked for with Prism's `Prefer: code=NNN`, from a server that lists the answers it gives on
// request (GET /__sandbox/answers: our simulator). requested_answer judges that the status came
// back; the response checks judge its body and headers as they judge every answer. A server that
// gives no answers on request is sent nothing here: the coverage says what was not reached, and why.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import { tokenFor, urlOf } from '../api-call.js';
import { validInput } from '../catalog.js';
import { requestedAnswer } from '../checks/requested-answer.js';
import type { RunContext } from '../context.js';
import { exercisedPairs } from '../report/summary.js';
import type { CaseRunner } from '../runner.js';
import { SkipCase } from '../skip.js';

export async function documentedAnswers(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const offered = ctx.control.answers;
  if (!offered) return;
  const basePath = new URL(ctx.baseUrl).pathname.replace(/\/$/, '');
  // What the earlier suites received is not asked for again.
  const seen = exercisedPairs(ctx.spec, ctx.recorder.exchanges, basePath);
  for (const operation of ctx.spec.operations) {
    const { operationId } = operation;
    for (const status of Object.keys(operation.responsePointers)) {
      if (!/^\d{3}$/.test(status) || seen.get(operationId)?.has(status)) continue;
      const id = `answers/${operationId}/${status}`;
      await runner.case(
        { id, suite: 'answers', operations: [operationId], checks: [requestedAnswer.name] },
        async (t) => {
          if (!offered.get(operationId)?.has(Number(status)))
            throw new SkipCase(
              `the server does not list ${status} among the answers it gives ${operationId} on request`,
            );
          const answered = await ask(ctx, operation, Number(status), id);
          t.check(requestedAnswer, operationId, { asked: Number(status), status: answered });
        },
      );
    }
  }
}

/** A valid request of `operation` with `Prefer: code=<status>`, sent as is (no client retries): the status that came back. */
async function ask(ctx: RunContext, operation: SpecOperation, status: number, id: string): Promise<number> {
  const input = await validInput(ctx, operation.operationId, ctx.rng.fork(id), { optional: 'none' });
  const headers: Record<string, string> = { prefer: `code=${status}` };
  if (operation.security)
    headers.authorization = `Bearer ${await tokenFor(ctx, operation.security as 'CustomerBearer' | 'ManagementBearer')}`;
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  const response = await ctx.recorder.fetch(urlOf(ctx, operation.path, input.path, input.query), {
    method: operation.method,
    headers,
    ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}
