// Validator suite: @klavi-pay/openapi-runtime's SpecValidator (discriminated oneOfs checked
// through their tag) against plain Ajv on the bundle as written, which is what a user would set
// up: the same Ajv version, options and formats. Both validate the spec's request bodies of
// "create an instant payment"; the verdicts must agree on every body, valid or broken.
import { SpecValidator, type JsonObject } from '@klavi-pay/openapi-runtime';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { formatCount, formatRatio, median, pairedRatio, rounds } from '../stats.js';
import { interleave, type Suite } from '../suite.js';
import { packageVersion, readSpec } from '../workspace.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const BODY = '#/components/schemas/InstantPaymentRequest';
const CALLS = 20_000;
const CREATE_PATH = '/payment/customer/v1/instant/payments';

export const VALIDATORS = ['@klavi-pay/openapi-runtime', 'Ajv, plain oneOf'] as const;
export type ValidatorName = (typeof VALIDATORS)[number];

/** The two validators of `BODY`, each answering only valid or not. */
export function validators(doc: JsonObject): Record<ValidatorName, (value: unknown) => boolean> {
  const ours = new SpecValidator(doc, { baseUri: 'https://klavi.ai/openapi.json' });
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(structuredClone(doc), 'plain');
  const plain = ajv.getSchema(`plain${BODY}`)!;
  return {
    '@klavi-pay/openapi-runtime': (value) => ours.validate(BODY, value, 'body').valid,
    'Ajv, plain oneOf': (value) => plain(value) as boolean,
  };
}

/**
 * The bodies: every request example of the operation in the spec, each with a fresh clientRequestId, and
 * each broken three ways (a required field gone, an unknown tag, a malformed amount).
 */
export function bodies(doc: JsonObject): { valid: unknown[]; broken: unknown[] } {
  const components = (doc.components as { examples: Record<string, { value: Record<string, unknown> }> }).examples;
  const create = (doc.paths as Record<string, any>)[CREATE_PATH]?.post?.requestBody?.content?.['application/json']
    ?.examples as Record<string, { $ref?: string }> | undefined;
  const examples = Object.values(create ?? {}).map(
    (example) => components[String(example.$ref).split('/').pop()!]!.value,
  );
  if (examples.length === 0) throw new Error(`the spec has no request examples for POST ${CREATE_PATH}`);
  const valid = examples.map((value, i) => ({ ...structuredClone(value), clientRequestId: `bench-${i}` }));
  const broken = valid.flatMap((value) => {
    const { customer: _gone, ...missing } = value as Record<string, unknown>;
    return [missing, { ...value, initType: 'PIX_BOLETO' }, { ...value, amount: '12.5' }];
  });
  return { valid, broken };
}

/** Mean time per validation of `list`, cycled `calls` times. */
function timePer(validate: (value: unknown) => boolean, list: readonly unknown[], calls: number): number {
  let accepted = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) if (validate(list[i % list.length])) accepted++;
  const ns = Number(process.hrtime.bigint() - started) / calls;
  // Keeps the loop's result alive, and catches a validator that stopped judging.
  if (accepted === -1) throw new Error('unreachable');
  return ns / 1e6;
}

const formatNs = (ms: number) => `${formatCount(ms * 1e6)} ns`;

export const validatorSuite: Suite = {
  id: 'validator',
  title: 'Request validation',
  defaultRuns: 7,
  method: (runs) => [
    `Both validate the body of "create an instant payment" (\`${BODY}\`, a oneOf of four initType branches with a discriminator, closed by unevaluatedProperties) in the bench's process, ${formatCount(CALLS)} calls a round after as many to warm up, ${rounds(runs)} in rotating order; the figure is the median round's mean time per call.`,
    `Ours: \`SpecValidator.validate\`, which compiles each discriminated oneOf whose branches pin the tag as a chain that checks only the branch the tag names, counts a string's code points for maxLength and minLength only when its UTF-16 length does not decide, and walks the body for keys named after Object.prototype members. Plain: Ajv ${packageVersion('ajv')} (2020-12) with ajv-formats ${packageVersion('ajv-formats')}, the same options (strict off, allErrors, formats on), on the bundle as written.`,
    'Valid: every request example the spec gives for the operation. Broken: each of them without its required `customer`, with an unknown initType and with a malformed amount. Before timing, both must give the same verdict on every body; ours also builds the message that names the field.',
  ],
  async run({ runs, log }) {
    const doc = readSpec() as JsonObject;
    const judge = validators(doc);
    const { valid, broken } = bodies(doc);
    for (const [set, list, expected] of [
      ['valid', valid, true],
      ['broken', broken, false],
    ] as const) {
      for (const [index, body] of list.entries()) {
        for (const name of VALIDATORS) {
          if (judge[name](body) !== expected)
            throw new Error(
              `${name} gives ${String(!expected)} on ${set} body ${index}: the contenders would not be judging the same thing`,
            );
        }
      }
    }
    const samples: Record<'valid' | 'broken', Record<ValidatorName, number[]>> = {
      valid: { '@klavi-pay/openapi-runtime': [], 'Ajv, plain oneOf': [] },
      broken: { '@klavi-pay/openapi-runtime': [], 'Ajv, plain oneOf': [] },
    };
    for (const [set, list] of [
      ['valid', valid],
      ['broken', broken],
    ] as const) {
      for (const name of VALIDATORS) timePer(judge[name], list, CALLS);
      samples[set] = await interleave(runs, VALIDATORS, async (name) => timePer(judge[name], list, CALLS));
      for (const name of VALIDATORS) log(`  ${set}: ${name} ${formatNs(median(samples[set][name]))} a body`);
    }
    const reference: ValidatorName = 'Ajv, plain oneOf';
    return {
      tables: [
        {
          caption: 'Time per body of "create an instant payment"',
          headers: [
            'Validator',
            `Valid (${valid.length} bodies)`,
            'Ratio to plain Ajv',
            `Broken (${broken.length} bodies)`,
            'Ratio to plain Ajv',
            'Same verdicts',
          ],
          align: ['l', 'r', 'r', 'r', 'r', 'r'],
          rows: VALIDATORS.map((name) => [
            name,
            formatNs(median(samples.valid[name])),
            formatRatio(pairedRatio(samples.valid[name], samples.valid[reference])),
            formatNs(median(samples.broken[name])),
            formatRatio(pairedRatio(samples.broken[name], samples.broken[reference])),
            `${valid.length + broken.length}/${valid.length + broken.length}`,
          ]),
          notes: [
            'Below 1× is faster. On a broken body ours also ranks the errors and writes the message that names the field, which plain Ajv leaves to the caller.',
          ],
        },
      ],
      samples: { perBodyMs: samples, bodies: { valid: valid.length, broken: broken.length } },
    };
  },
};
