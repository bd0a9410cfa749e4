export {
  HTTP_METHODS,
  derefAt,
  escapePointer,
  pointerGet,
  readOperations,
  resolvePointer,
  type Json,
  type JsonObject,
  type SpecOperation,
  type SpecParameter,
} from './document.js';
export { SpecRouter, type Match } from './router.js';
export { SpecValidator, type Verdict } from './validator.js';
