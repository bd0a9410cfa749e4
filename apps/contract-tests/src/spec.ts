// The spec the contract tests judge a server (or a webhook receiver) by, as the spec package
// publishes it: the bundled document (for the schemas) and its model (@klavi-pay/spec/model), read
// once per run.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import {
  SpecRouter,
  SpecValidator,
  type JsonObject,
  type SpecModel,
  type SpecOperation,
  type StateMachine,
} from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';

export interface Spec {
  doc: JsonObject;
  operations: readonly SpecOperation[];
  byId: ReadonlyMap<string, SpecOperation>;
  /** The events Klavi POSTs to a merchant's receiver (OpenAPI 3.1 `webhooks`), in document order. */
  webhooks: SpecModel['webhooks'];
  /** The status enums' state machines, by schema name. */
  stateMachines: Readonly<Record<string, StateMachine>>;
  router: SpecRouter;
  validator: SpecValidator;
}

const require = createRequire(import.meta.url);

export function loadSpec(): Spec {
  const doc = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8')) as JsonObject;
  const model: SpecModel = MODEL;
  const { operations } = model;
  return {
    doc,
    operations,
    byId: new Map(operations.map((o) => [o.operationId, o])),
    webhooks: model.webhooks,
    stateMachines: model.stateMachines,
    router: new SpecRouter(operations),
    // The document's base URI, which the validator's messages and $ids are relative to.
    validator: new SpecValidator(doc, { baseUri: 'https://klavi.ai/openapi.json' }),
  };
}

export function operation(spec: Spec, operationId: string): SpecOperation {
  const found = spec.byId.get(operationId);
  if (!found) throw new Error(`the spec has no operation ${operationId}`);
  return found;
}
