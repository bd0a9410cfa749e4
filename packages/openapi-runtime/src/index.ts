export { derefAt, escapePointer, isObject, pointerGet, pointerOf, pointerParts, resolvePointer, type Json, type JsonObject } from './pointer.js';
export {
  HTTP_METHODS,
  operationsById,
  readModel,
  SpecModelError,
  type ReadModelOptions,
  type Pagination,
  type ParameterLocation,
  type RetryClass,
  type SecuritySchemeModel,
  type SpecModel,
  type SpecOperation,
  type SpecParameter,
  type SpecResponseHeader,
  type StateMachine,
  type StatusRequirement,
} from './model.js';
export { readOperations } from './document.js';
export { SpecRouter, type Match } from './router.js';
export { SpecValidator, type Verdict } from './validator.js';
export { transitionAllowed, TransitionError } from './transitions.js';
export { renderModelModule, type RenderedModel } from './render.js';
export { createSourceMap, type SourceLocation, type SourceMap } from './source-map.js';
