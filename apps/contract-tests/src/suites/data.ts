// The positive and negative suites: seeded valid inputs, and each single-rule break of a valid
// input, sent to every operation; positive_data_acceptance and negative_data_rejection
// (src/checks/) judge what they get back.
import { isObject, type Json, type JsonObject, type SpecOperation } from '@klavi-pay/openapi-runtime';
import { validInput } from '../catalog.js';
import { call, type Input } from '../api-call.js';
import { negativeDataRejection } from '../checks/negative-data-rejection.js';
import { positiveDataAcceptance } from '../checks/positive-data-acceptance.js';
import type { RunContext } from '../context.js';
import { mutations, type Mutation } from '../generate/negative.js';
import { generateValid, variantsOf } from '../generate/positive.js';
import type { CaseRunner } from '../runner.js';

/** Valid samples per operation and variant. Creates are cheap; each one is a new resource. */
const SAMPLES = 3;

const variantsFor = (ctx: RunContext, operation: SpecOperation): Array<string | undefined> => {
  const variants = operation.bodyPointer ? variantsOf(ctx.spec, operation.bodyPointer) : [];
  return variants.length > 0 ? variants : [undefined];
};

export async function positiveData(ctx: RunContext, runner: CaseRunner): Promise<void> {
  for (const operation of ctx.spec.operations) {
    const samples = operation.bodyPointer || operation.parameters.some((p) => p.in === 'query') ? SAMPLES : 1;
    for (const variant of variantsFor(ctx, operation)) {
      for (let sample = 1; sample <= samples; sample++) {
        const id = `positive/${operation.operationId}${variant ? `/${variant}` : ''}/${sample}`;
        await runner.case(
          { id, suite: 'positive', operations: [operation.operationId], checks: [positiveDataAcceptance.name] },
          async (t) => {
            const input = await validInput(ctx, operation.operationId, ctx.rng.fork(id), {
              ...(variant ? { variant } : {}),
              optional: sample === 1 ? 'all' : sample === 2 ? 'none' : 'some',
            });
            const answer = await call(ctx, operation.operationId, input);
            t.check(positiveDataAcceptance, operation.operationId, { status: answer.status, error: answer.error });
          },
        );
      }
    }
  }
}

/** A fresh idempotency key in a mutated body, so that each one is judged on its own rule and not refused as a replay. */
function withFreshKey(ctx: RunContext, operationId: string, base: Json, mutated: Json): Json {
  const path = ctx.spec.byId.get(operationId)?.idempotencyKey;
  if (!path || !mutated || typeof mutated !== 'object') return mutated;
  const read = (value: Json) =>
    path.reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : undefined), value);
  if (read(mutated) === undefined || read(mutated) !== read(base)) return mutated;
  const copy = structuredClone(mutated);
  // The key was read above, so every node on its path is an object.
  const parent = path.slice(0, -1).reduce((node, key) => node[key] as JsonObject, copy as JsonObject);
  parent[path.at(-1)!] = ctx.policy.key('negative');
  return copy;
}

export async function negativeData(ctx: RunContext, runner: CaseRunner): Promise<void> {
  for (const operation of ctx.spec.operations) {
    const operationId = operation.operationId;
    for (const variant of variantsFor(ctx, operation)) {
      // One valid input per variant, with every optional field, so that each field's rules can be broken.
      const baseId = `negative/${operationId}${variant ? `/${variant}` : ''}`;
      let base: Input | undefined;
      const setup = { suite: 'negative', operations: [operationId], checks: [negativeDataRejection.name] };
      if (!runner.mayRunUnder(baseId, setup)) continue;
      // Runs whatever --only says, since the ids of the cases below come from it. It records nothing
      // when it works (making the input is not itself a check); a SkipCase or an error is reported.
      await runner.case(
        { id: `${baseId}/setup`, ...setup },
        async () => {
          base = await validInput(ctx, operationId, ctx.rng.fork(baseId), {
            ...(variant ? { variant } : {}),
            optional: 'all',
          });
        },
        { always: true },
      );
      if (!base) continue;
      const cases: Array<{ mutation: Mutation; input: Input; inBody?: boolean }> = [];
      if (operation.bodyPointer && base.body !== undefined) {
        for (const mutation of mutations(
          ctx.spec,
          operation.bodyPointer,
          base.body,
          'body',
          ctx.rng.fork(`${baseId}/body`),
        )) {
          cases.push({
            mutation,
            input: { ...base, body: withFreshKey(ctx, operationId, base.body, mutation.value) },
            inBody: true,
          });
        }
      }
      if (variant === variantsFor(ctx, operation)[0]) cases.push(...parameterCases(ctx, operation, base, baseId));
      for (const { mutation, input, inBody } of cases) {
        await runner.case(
          {
            id: `${baseId}/${mutation.field}/${mutation.rule}`,
            suite: 'negative',
            operations: [operationId],
            checks: [negativeDataRejection.name],
          },
          async (t) => {
            // Cancels use up their payment; each broken cancel gets a payment of its own so a wrongly accepted one cannot hide the next.
            const fresh =
              inBody && operationId.startsWith('cancel')
                ? await validInput(ctx, operationId, ctx.rng.fork(`${baseId}/fresh`))
                : undefined;
            const answer = await call(ctx, operationId, fresh ? { ...input, path: fresh.path! } : input);
            t.check(negativeDataRejection, operationId, {
              operation,
              broken: mutation.description,
              status: answer.status,
            });
          },
        );
      }
    }
  }
}

/** Broken path and query parameters, one at a time; the others keep their valid values. */
function parameterCases(
  ctx: RunContext,
  operation: SpecOperation,
  base: Input,
  baseId: string,
): Array<{ mutation: Mutation; input: Input }> {
  const cases: Array<{ mutation: Mutation; input: Input }> = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    const rng = ctx.rng.fork(`${baseId}/${parameter.in}.${parameter.name}`);
    const current = parameter.in === 'path' ? base.path?.[parameter.name] : base.query?.[parameter.name];
    const valid = (current ?? generateValid(ctx.spec, parameter.schemaPointer, rng)) as Json;
    const type = ctx.spec.validator.typeAt(parameter.schemaPointer);
    for (const mutation of mutations(
      ctx.spec,
      parameter.schemaPointer,
      valid,
      `${parameter.in}.${parameter.name}`,
      rng,
    )) {
      const sent = String(mutation.value);
      // In a URL every value is a string: keep only breaks that stay broken once the server reads the string back.
      const read =
        (type === 'integer' || type === 'number') && sent.trim() !== '' && !Number.isNaN(Number(sent))
          ? Number(sent)
          : sent;
      if (ctx.spec.validator.validate(parameter.schemaPointer, read, parameter.name).valid) continue;
      if (parameter.in === 'path' && sent === '') continue;
      const input: Input =
        parameter.in === 'path'
          ? { ...base, path: { ...base.path, [parameter.name]: sent } }
          : { ...base, query: { ...base.query, [parameter.name]: sent } };
      cases.push({
        mutation: {
          ...mutation,
          description: mutation.description.replace(/^sent .*?(,| where)/, `sent ${JSON.stringify(sent)}$1`),
        },
        input,
      });
    }
  }
  return cases;
}
