// Validates requests and responses against the bundled spec with Ajv (JSON Schema 2020-12), and
// turns Ajv's errors into one message that names the offending field.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { prepareDiscriminators, type PlainOneOf } from './discriminators.js';
import { derefAt, pointerOf, pointerParts, type JsonObject } from './pointer.js';
import { addFormatShortcuts } from './format-shortcuts.js';
import { stringLength } from './string-length.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
/** A URN names no place on the web, so no reader mistakes it for where the document lives. */
const DEFAULT_BASE_URI = 'urn:openapi-runtime:document';

export interface SpecValidatorOptions {
  /**
   * The URI, without a fragment, the document is registered under with Ajv: the `#/…` pointers
   * and `$ref`s resolve against it, and Ajv names it when a `$ref` cannot be resolved. A document
   * that is published under an id passes that id.
   */
  baseUri?: string;
}

export interface ValidationResult {
  valid: boolean;
  /** One message naming the first offending field, e.g. `body.creditorAccount.holder is required`. */
  message?: string;
  errors?: ErrorObject[];
}

export class SpecValidator {
  readonly #ajv: Ajv2020;
  readonly #doc: JsonObject;
  readonly #baseUri: string;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #types = new Map<string, string | undefined>();
  /** The discriminated oneOfs that check only the branch their tag names (discriminators.ts). */
  readonly chainedOneOfs: readonly string[];
  /** The discriminated oneOfs checked branch by branch, because their branches do not pin the tag. */
  readonly plainOneOfs: readonly PlainOneOf[];

  constructor(doc: JsonObject, options: SpecValidatorOptions = {}) {
    this.#doc = doc;
    this.#baseUri = options.baseUri ?? DEFAULT_BASE_URI;
    const prepared = prepareDiscriminators(doc);
    this.chainedOneOfs = prepared.chained;
    this.plainOneOfs = prepared.plain;
    // strict off: the document mixes OpenAPI keywords (discriminator, example, x-…) into schemas.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    this.#ajv.removeKeyword('maxLength').removeKeyword('minLength').addKeyword(stringLength);
    addFormats(this.#ajv);
    addFormatShortcuts(this.#ajv);
    this.#ajv.addSchema(prepared.doc, this.#baseUri);
  }

  /** Compiles every schema the given pointers name, so that no request pays for compilation. */
  warm(pointers: Iterable<string>): void {
    for (const pointer of pointers) this.#validator(pointer);
  }

  validate(pointer: string, value: unknown, root: string): ValidationResult {
    const validate = this.#validator(pointer);
    if (validate(value)) return hasPrototypeKey(value) ? this.#prototypeKeysAllowed(validate, value, root) : VALID;
    const errors = validate.errors ?? [];
    return { valid: false, message: describe(errors, root), errors };
  }

  /**
   * Ajv tracks the properties that oneOf/anyOf branches evaluated in a plain object, so a key named
   * after an Object.prototype member (`__proto__`, `constructor`, `toString`, …) reads as evaluated
   * and slips past `unevaluatedProperties: false`. Each such key the value has is renamed to a name
   * no schema declares, and the copy validated again: if the copy is refused, the schema does not
   * allow the key either, and the verdict names it.
   */
  #prototypeKeysAllowed(validate: ValidateFunction, value: unknown, root: string): ValidationResult {
    for (const path of prototypeKeys(value)) {
      if (!validate(renamed(value, path)))
        return {
          valid: false,
          message: `${fieldOf(pointerOf(...path), root)} is not a known field`,
          errors: validate.errors ?? [],
        };
    }
    return VALID;
  }

  /** A parameter's declared type, for coercing query and path strings before validation. */
  typeAt(pointer: string): string | undefined {
    if (!this.#types.has(pointer)) {
      const type = derefAt(this.#doc, pointer)?.type;
      this.#types.set(pointer, typeof type === 'string' ? type : undefined);
    }
    return this.#types.get(pointer);
  }

  #validator(pointer: string): ValidateFunction {
    let validate = this.#compiled.get(pointer);
    if (!validate) {
      const found = this.#ajv.getSchema(`${this.#baseUri}${pointer}`);
      if (!found) throw new Error(`no schema at ${pointer}`);
      validate = found;
      this.#compiled.set(pointer, validate);
    }
    return validate;
  }
}

const VALID: ValidationResult = Object.freeze({ valid: true });
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const MAX_PROBES = 32;

/**
 * Whether a key named after an Object.prototype member is anywhere in `value`. Every valid body
 * and response is walked, and nearly none has one, so this walk allocates nothing; prototypeKeys
 * then finds where they are.
 */
function hasPrototypeKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasPrototypeKey(value[i])) return true;
    return false;
  }
  // JSON values are plain objects: for…in gives their own keys, without an array of them.
  for (const key in value)
    if (PROTOTYPE_NAMES.has(key) || hasPrototypeKey((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * The paths of the keys, at any depth, named after an Object.prototype member: the path is one
 * array pushed and popped, copied only for a key that is found.
 */
function prototypeKeys(value: unknown, path: string[] = [], found: string[][] = []): string[][] {
  if (found.length >= MAX_PROBES || !value || typeof value !== 'object') return found;
  for (const key of Object.keys(value)) {
    path.push(key);
    if (PROTOTYPE_NAMES.has(key)) found.push([...path]);
    prototypeKeys((value as Record<string, unknown>)[key], path, found);
    path.pop();
  }
  return found;
}

/** A copy of `value` with the key at `path` renamed; only the objects on the path are copied. */
function renamed(value: unknown, path: string[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined || !value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] =>
    k === key ? [rest.length === 0 ? `klaviProbe${k}` : k, rest.length === 0 ? v : renamed(v, rest)] : [k, v],
  );
  // Object.fromEntries defines own properties, so a `__proto__` entry stays a plain key.
  return Array.isArray(value) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

const WRAPPERS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not']);
const UNKNOWN_FIELD = new Set(['unevaluatedProperties', 'additionalProperties']);

/** The most useful error first: a broken value beats a wrapper, a wrapper beats "unknown field". */
function describe(errors: ErrorObject[], root: string): string {
  const specific = errors.filter((e) => !WRAPPERS.has(e.keyword) && !UNKNOWN_FIELD.has(e.keyword));
  const unknown = errors.filter((e) => UNKNOWN_FIELD.has(e.keyword));
  const ranked = specific.length > 0 ? specific : unknown.length > 0 ? unknown : errors;
  const messages = [...new Set(ranked.map((e) => messageOf(e, root)))];
  const [first, ...rest] = messages;
  return rest.length === 0
    ? (first ?? `${root} is invalid`)
    : `${first} (and ${rest.length} more: ${rest.slice(0, 3).join('; ')}${rest.length > 3 ? '; …' : ''})`;
}

function fieldOf(instancePath: string, root: string): string {
  return pointerParts(instancePath).reduce(
    (field, key) => (/^\d+$/.test(key) ? `${field}[${key}]` : `${field}.${key}`),
    root,
  );
}

function messageOf(error: ErrorObject, root: string): string {
  const field = fieldOf(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${field}.${String(params.missingProperty)} is required`;
    case 'unevaluatedProperties':
      return `${field}.${String(params.unevaluatedProperty)} is not a known field`;
    case 'additionalProperties':
      return `${field}.${String(params.additionalProperty)} is not a known field`;
    case 'false schema':
      return `${field} is not allowed here`;
    case 'type':
      return `${field} must be of type ${String(params.type)}`;
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${field} must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return `${field} must match the pattern ${String(params.pattern)}`;
    case 'format':
      return `${field} must be a valid ${String(params.format)}`;
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}
