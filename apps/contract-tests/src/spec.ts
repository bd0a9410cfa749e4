// The bundled spec the contract tests judge a server by, read once per run.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { readModel, SpecRouter, SpecValidator, type JsonObject, type SpecOperation, type StateMachine } from '@klavi-pay/openapi-runtime';

export interface Spec {
  doc: JsonObject;
  operations: SpecOperation[];
  byId: Map<string, SpecOperation>;
  /** The status enums' state machines, by schema name. */
  stateMachines: Record<string, StateMachine>;
  router: SpecRouter;
  validator: SpecValidator;
}

const require = createRequire(import.meta.url);

export function loadSpec(doc: JsonObject = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8')) as JsonObject): Spec {
  const model = readModel(doc);
  const { operations } = model;
  return {
    doc,
    operations,
    byId: new Map(operations.map((o) => [o.operationId, o])),
    stateMachines: model.stateMachines,
    router: new SpecRouter(operations),
    validator: new SpecValidator(doc),
  };
}

export function operation(spec: Spec, operationId: string): SpecOperation {
  const found = spec.byId.get(operationId);
  if (!found) throw new Error(`the spec has no operation ${operationId}`);
  return found;
}
