// The JSON Schema (2020-12) of the served scenario table (scenarios/document.ts), served at
// /__sandbox/scenarios.schema.json. Its enums are the table's own lists, and each object's
// `properties` and `required` are checked by tsc against the type it describes: a field added to
// the document and not to the schema, or the other way round, does not compile.
import type { ScenariosDocument, ServedPath, ServedScenario, ServedStep } from './document.js';
import { CREATE_KINDS, REFUSAL_STATUSES, SCENARIO_FIELDS, type Refusal } from './table.js';

/** `T`'s fields that are not optional. */
// biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is how a type tells an optional field.
type RequiredOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** unknown when `Listed` names exactly `Expected`; else an error that names the difference. */
type Exactly<Listed, Expected, What extends string> = [Listed] extends [Expected]
  ? [Expected] extends [Listed]
    ? unknown
    : { error: `${What} misses fields of the type`; missing: Exclude<Expected, Listed> }
  : { error: `${What} names fields the type does not have`; extra: Exclude<Listed, Expected> };

/** A closed object schema for `T`: `required` lists exactly its fields that are not optional, `properties` exactly its fields. */
const closedObject =
  <T>() =>
  <const R extends readonly string[], const P extends Record<string, object>>(
    required: R & Exactly<R[number], RequiredOf<T> & string, 'required'>,
    properties: P & Exactly<keyof P, keyof T & string, 'properties'>,
  ) =>
    ({ type: 'object', required, additionalProperties: false, properties }) as const;

const PATH = closedObject<ServedPath>()(['from', 'steps'], {
  from: { type: 'string' },
  steps: {
    type: 'array',
    items: closedObject<ServedStep>()(['status', 'afterMs'], {
      status: { type: 'string' },
      afterMs: { type: 'integer', minimum: 0 },
      reason: { type: 'string' },
    }),
  },
});

const REFUSAL = closedObject<Refusal>()(['status', 'message', 'creates'], {
  status: { enum: REFUSAL_STATUSES },
  businessCode: { type: 'integer' },
  initType: { type: 'string' },
  firstAttemptOnly: { type: 'boolean' },
  retryAfterSeconds: { type: 'integer', minimum: 0 },
  message: { type: 'string' },
  creates: { type: 'array', items: { enum: CREATE_KINDS } },
});

/** JSON Schema (2020-12) of scenariosDocument(), served at /__sandbox/scenarios.schema.json. */
export const SCENARIOS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: '/__sandbox/scenarios.schema.json',
  title: 'Klavi sandbox scenarios',
  ...closedObject<ScenariosDocument>()(['scenarios'], {
    $schema: { type: 'string' },
    scenarios: {
      type: 'array',
      items: closedObject<ServedScenario>()(['id', 'cents', 'field', 'summary'], {
        id: { type: 'string' },
        cents: { type: 'array', items: { type: 'string', pattern: '^\\.\\d\\d$' } },
        field: { enum: SCENARIO_FIELDS },
        summary: { type: 'string' },
        instant: PATH,
        automatic: PATH,
        consent: PATH,
        refusal: REFUSAL,
      }),
    },
  }),
} as const;
