// Loads the bundled spec and validates values against any schema in it with Ajv (JSON Schema
// 2020-12), the dialect of OpenAPI 3.1. Strict mode stays on so that a misspelt keyword in the
// spec (say `maxlength`) fails the tests instead of silently validating nothing.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { derefAt, escapePointer, pointerGet, readModel, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';

export { escapePointer, pointerGet, type Json, type JsonObject };

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const specDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const bundle = JSON.parse(readFileSync(join(specDir, 'dist', 'openapi.json'), 'utf8')) as JsonObject;

const DOC_ID = 'https://klavi.ai/openapi.json';
/** OpenAPI's own schema keywords (the 3.1 base vocabulary), annotations for validation. */
const OAS_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];

function collectExtensionKeys(node: Json, found: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectExtensionKeys(item, found);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      collectExtensionKeys(value, found);
    }
  }
  return found;
}

function createAjv(doc: JsonObject): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  addFormats(ajv);
  // The document root is not a schema, but Ajv compiles it when resolving pointers into it;
  // its top-level keys and the x- extensions are declared as annotation keywords.
  const keywords = new Set([...OAS_KEYWORDS, ...Object.keys(doc), ...collectExtensionKeys(doc, new Set())]);
  for (const keyword of keywords) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  ajv.addSchema(doc, DOC_ID);
  return ajv;
}

const ajv = createAjv(bundle);

export interface Verdict {
  valid: boolean;
  errors: ErrorObject[];
}

/** Validates `value` against the schema at `pointer` (e.g. `#/components/schemas/Amount`). */
export function validateAt(pointer: string, value: unknown): Verdict {
  const validate = ajv.getSchema(`${DOC_ID}${pointer}`);
  if (!validate) throw new Error(`No schema at ${pointer}`);
  const valid = validate(value) as boolean;
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}

/** Follows a local `$ref` (`#/components/...`) inside the bundle. */
export function deref<T = JsonObject>(node: Json | undefined): T {
  const isRef = node !== null && typeof node === 'object' && !Array.isArray(node) && typeof node.$ref === 'string';
  return (isRef ? derefAt(bundle, (node as JsonObject).$ref as string) : node) as T;
}

export interface OperationEntry {
  path: string;
  method: string;
  operation: JsonObject;
  pointer: string;
}

/** The operations as the spec model reads them, with each one's raw node for tests that inspect it. */
export function operations(doc: JsonObject = bundle): OperationEntry[] {
  return readModel(doc).operations.map((op) => ({
    path: op.path,
    method: op.method.toLowerCase(),
    operation: pointerGet(doc, op.pointer) as JsonObject,
    pointer: op.pointer,
  }));
}

export function operationById(operationId: string): OperationEntry {
  const found = operations().find((entry) => entry.operation.operationId === operationId);
  if (!found) throw new Error(`No operation ${operationId}`);
  return found;
}

/** Short, readable rendering of Ajv errors for assertion messages. */
export const describeErrors = (errors: ErrorObject[]): string =>
  errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
