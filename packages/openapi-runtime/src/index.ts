export {
  derefAt,
  escapePointer,
  isObject,
  pointerGet,
  pointerOf,
  pointerParts,
  resolvePointer,
  type Json,
  type JsonObject,
} from './pointer.js';
export {
  HTTP_METHODS,
  operationsById,
  readModel,
  defaultRetryClass,
  type RetryFacts,
  SpecModelError,
  type ReadModelOptions,
  type Pagination,
  type ParameterLocation,
  type RetryClass,
  type SecuritySchemeModel,
  type SpecModel,
  type SpecOperation,
  type SpecWebhook,
  type SpecParameter,
  type SpecResponseHeader,
  type StateMachine,
  type StatusRequirement,
} from './model.js';
export { readOperations } from './document.js';
export { SpecRouter, type Match } from './router.js';
export { SpecValidator, type SpecValidatorOptions, type ValidationResult } from './validator.js';
export { transitionAllowed, TransitionError } from './transitions.js';
export { renderModelModule, type RenderedModel } from './render.js';
export { createSourceMap, type SourceLocation, type SourceMap } from './source-map.js';
export {
  itemNodes,
  LOWER_BOUNDS,
  mergeSchemas,
  propertyNodes,
  sameJson,
  schemaNodes,
  schemaObjects,
  UPPER_BOUNDS,
  type BoundKeyword,
  type MergedSchema,
  type Schema,
  type NodeReader,
  type SchemaNode,
  type SchemaObjectNode,
} from './schema-view.js';
