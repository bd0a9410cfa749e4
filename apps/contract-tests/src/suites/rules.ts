// The rules suite: the rules the spec states in prose, which a schema cannot carry, and the
// refusals the server publishes as scenarios, each broken on purpose, for business_rules; and the
// unknown suite: a well-formed id that names nothing, on every operation that takes one, for
// unknown_resource. The checks (src/checks/) judge the answers.
import type { AutomaticConsentCreated } from '@klavi-pay/client';
import type { Json, JsonObject } from '@klavi-pay/openapi-runtime';
import { validInput } from '../catalog.js';
import { call, type Input } from '../api-call.js';
import { businessRules } from '../checks/business-rules.js';
import { unknownResource } from '../checks/unknown-resource.js';
import type { RunContext } from '../context.js';
import { SkipCase } from '../skip.js';
import { automaticPaymentBody, CONSENT_BOUNDS } from '../fixtures.js';
import { brasiliaDate } from '../generate/policy.js';
import { generateValid } from '../generate/positive.js';
import type { CaseRunner } from '../runner.js';

interface Rule {
  name: string;
  operationId: string;
  expected: number;
  input(ctx: RunContext, rng: ReturnType<RunContext['rng']['fork']>): Promise<Input>;
  /** The business code the refusal's body must carry in `statusCode`, for a scenario that names one. */
  businessCode?: number;
}

/** A generated consent body, or a consent link's (which holds its consent), with the given bounds. */
const withBounds = (body: Json, min: string, max: string): Json => {
  const request = body as JsonObject;
  const config = ((request.consent ?? request) as JsonObject).paymentMethodConfig as JsonObject;
  config.minimumVariableAmount = min;
  config.maximumVariableAmount = max;
  return body;
};

const RULES: Rule[] = [
  {
    name: 'minimumVariableAmount above maximumVariableAmount',
    operationId: 'createAutomaticConsent',
    expected: 422,
    input: async (ctx, rng) => ({
      body: withBounds(ctx.fixtures.body('createAutomaticConsent', rng), '500.00', '100.00'),
    }),
  },
  {
    name: 'minimumVariableAmount above maximumVariableAmount',
    operationId: 'createAutomaticConsentLink',
    expected: 422,
    input: async (ctx, rng) => ({
      body: withBounds(ctx.fixtures.body('createAutomaticConsentLink', rng), '500.00', '100.00'),
    }),
  },
  {
    name: 'a payment dated yesterday',
    operationId: 'createAutomaticPayment',
    expected: 422,
    input: async (ctx, rng) => {
      const input = await validInput(ctx, 'createAutomaticPayment', rng);
      return { ...input, body: { ...(input.body as JsonObject), date: brasiliaDate(await ctx.control.now(), -1) } };
    },
  },
  {
    name: "an amount above the consent's maximumVariableAmount",
    operationId: 'createAutomaticPayment',
    expected: 422,
    input: async (ctx, rng) => {
      const input = await validInput(ctx, 'createAutomaticPayment', rng);
      return { ...input, body: { ...(input.body as JsonObject), amount: `${CONSENT_BOUNDS.max + 1}.00` } };
    },
  },
  {
    name: 'a payment on a consent the payer has not authorized',
    operationId: 'createAutomaticPayment',
    expected: 422,
    input: async (ctx, rng) => {
      const consent = await call(ctx, 'createAutomaticConsent', {
        body: ctx.fixtures.body('createAutomaticConsent', rng),
      });
      if (consent.status !== 200) throw new Error(`could not create a consent: ${consent.status}`);
      // Read as the spec documents it: whether it is so is for the response checks to say.
      const { id } = consent.data as AutomaticConsentCreated;
      const bounds = { id, min: CONSENT_BOUNDS.min, max: CONSENT_BOUNDS.max };
      return {
        path: { consentId: id },
        body: await automaticPaymentBody(
          ctx,
          bounds,
          ctx.fixtures.body('createAutomaticPayment', rng) as JsonObject,
          rng,
          0,
        ),
      };
    },
  },
  {
    name: 'a retry of a payment that was not rejected',
    operationId: 'retryAutomaticPayment',
    expected: 422,
    input: async (ctx, rng) => {
      const { consentId, paymentId } = await ctx.fixtures.freshScheduledPayment();
      return {
        path: { consentId, paymentId },
        body: {
          ...(ctx.fixtures.body('retryAutomaticPayment', rng) as JsonObject),
          date: brasiliaDate(await ctx.control.now()),
        },
      };
    },
  },
];

/**
 * Refusals the server publishes as scenarios (our simulator does, at /__sandbox/scenarios): each
 * row that refuses an instant payment's create must do what it says. Read from the served table.
 */
function scenarioRules(ctx: RunContext): Rule[] {
  return ctx.scenarios.scenarios.flatMap((row): Rule[] => {
    const refusal = row.refusal;
    const cents = row.cents[0];
    if (
      !refusal ||
      !cents ||
      row.field !== 'amount' ||
      refusal.firstAttemptOnly ||
      !refusal.creates.includes('instant')
    )
      return [];
    const expectedCode = refusal.businessCode ?? refusal.status;
    return [
      {
        name: `${row.id} (scenario ${cents})`,
        operationId: 'createInstantPayment',
        expected: refusal.status,
        input: async (c, rng) => ({
          body: {
            ...(c.fixtures.body(
              'createInstantPayment',
              rng,
              refusal.initType ? { variant: refusal.initType } : {},
            ) as JsonObject),
            amount: `10${cents}`,
          },
        }),
        businessCode: expectedCode,
      },
    ];
  });
}

export async function businessRuleChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const rules = [...RULES, ...scenarioRules(ctx)];
  for (const rule of rules) {
    const id = `rules/${rule.operationId}/${rule.name}`;
    await runner.case(
      { id, suite: 'rules', operations: [rule.operationId], checks: [businessRules.name] },
      async (t) => {
        const answer = await call(ctx, rule.operationId, await rule.input(ctx, ctx.rng.fork(id)));
        if (
          !t.check(businessRules, rule.operationId, {
            step: 'refused',
            rule: rule.name,
            expected: rule.expected,
            status: answer.status,
          })
        )
          return;
        if (rule.businessCode !== undefined)
          t.check(businessRules, rule.operationId, {
            step: 'business-code',
            status: rule.expected,
            code: rule.businessCode,
            body: answer.error,
          });
      },
    );
  }

  // A rate limit the server publishes as a scenario: the client must see the refusal (429 with
  // Retry-After), wait, and get through on the retry.
  const id = 'rules/createInstantPayment/rate limited once (scenario)';
  await runner.case(
    { id, suite: 'rules', operations: ['createInstantPayment'], checks: [businessRules.name] },
    async (t) => {
      const row = ctx.scenarios.scenarios.find(
        (r) =>
          r.field === 'amount' && r.refusal?.firstAttemptOnly && r.refusal.creates.includes('instant') && r.cents[0],
      );
      if (!row) throw new SkipCase('the server publishes no scenario that refuses only the first attempt');
      const before = ctx.recorder.exchanges.length;
      const answer = await call(ctx, 'createInstantPayment', {
        body: {
          ...(ctx.fixtures.body('createInstantPayment', ctx.rng.fork(id)) as JsonObject),
          amount: `10${row.cents[0]}`,
        },
      });
      const statuses = ctx.recorder.exchanges.slice(before).flatMap((e) => (e.response ? [e.response.status] : []));
      t.check(businessRules, 'createInstantPayment', { step: 'rate-limited', refusal: row.refusal!.status, statuses });
      t.check(businessRules, 'createInstantPayment', { step: 'retried', status: answer.status });
    },
  );
}

export async function unknownResources(ctx: RunContext, runner: CaseRunner): Promise<void> {
  for (const operation of ctx.spec.operations) {
    if (!operation.responsePointers['404']) continue;
    for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
      const id = `unknown/${operation.operationId}/${parameter.name}`;
      await runner.case(
        { id, suite: 'unknown', operations: [operation.operationId], checks: [unknownResource.name] },
        async (t) => {
          const rng = ctx.rng.fork(id);
          const input = await validInput(ctx, operation.operationId, rng, { optional: 'none' });
          const unknown = String(generateValid(ctx.spec, parameter.schemaPointer, rng));
          const answer = await call(ctx, operation.operationId, {
            ...input,
            path: { ...input.path, [parameter.name]: unknown },
          });
          t.check(unknownResource, operation.operationId, {
            parameter: parameter.name,
            value: unknown,
            status: answer.status,
          });
        },
      );
    }
  }
}
