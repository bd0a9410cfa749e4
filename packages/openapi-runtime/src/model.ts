// One normalised reading of a bundled OpenAPI 3.1 document: every operation with its path-item
// parameters merged in, its security alternatives, media types, retry class, idempotency key and
// pagination shape, and the state machines and business rules the spec states as extensions.
// Everything that reads the spec reads it through here, so that they cannot disagree.
import {
  derefAt,
  escapePointer,
  isObject,
  pointerGet,
  pointerOf,
  resolvePointer,
  type Json,
  type JsonObject,
} from './pointer.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface SpecParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  /** Pointer of the parameter object itself (after `$ref`s). */
  readonly pointer: string;
  /** Pointer of the parameter's schema. */
  readonly schemaPointer: string;
  /** Where it was declared: on the path item (shared by its operations) or on the operation. */
  readonly level: 'path-item' | 'operation';
}

export interface SpecResponseHeader {
  readonly name: string;
  readonly required: boolean;
  readonly schemaPointer: string | null;
}

/**
 * Retry class: `safe` may always be replayed; `keyed` carries the idempotency key, so a replay is
 * refused instead of acting twice; `unsafe` may only be replayed when the server refused it unprocessed.
 */
export type RetryClass = 'safe' | 'keyed' | 'unsafe';

export interface Pagination {
  /** The query parameter that takes the cursor, e.g. `cursor`. */
  readonly cursorParameter: string;
  /** The response field that carries the next page's cursor, e.g. `nextCursor`. */
  readonly nextCursorField: string;
  /** The response field that holds the page's items, e.g. `data`. */
  readonly itemsField: string;
  /** The query parameter that sizes a page, if there is one. */
  readonly pageSizeParameter: string | null;
}

/** `x-requires-status`: the statuses a resource must be in for the operation; otherwise `otherwise`. */
export interface StatusRequirement {
  /** The status enum schema, e.g. `InstantPaymentStatus`. */
  readonly schema: string;
  readonly statuses: readonly string[];
  /** The documented response status answered from any other status. */
  readonly otherwise: number;
}

export interface SpecOperation {
  readonly operationId: string;
  /** Upper case: `GET`, `POST`. */
  readonly method: string;
  /** The spec's path template, e.g. `/payment/customer/v1/instant/payments/{id}`. */
  readonly path: string;
  readonly pointer: string;
  readonly tags: readonly string[];
  readonly summary: string | null;
  /** The first scheme of the first security requirement (null: anonymous). */
  readonly security: string | null;
  /** Every security alternative (OR), each the schemes it needs together (AND); `[]` is anonymous. */
  readonly securityRequirements: readonly (readonly string[])[];
  /** Path-item and operation parameters; an operation parameter overrides the path item's of the same `in` and name. */
  readonly parameters: readonly SpecParameter[];
  /** JSON pointer of the JSON request body schema, if the operation takes one. */
  readonly bodyPointer: string | null;
  readonly bodyRequired: boolean;
  /** The media types the request body may be sent as. */
  readonly requestMediaTypes: readonly string[];
  /** Pointer of the first request example's value, if there is one. */
  readonly requestExamplePointer: string | null;
  /** JSON pointer of each documented status's JSON body schema. */
  readonly responsePointers: Readonly<Record<string, string | null>>;
  /** Response headers each status must send. */
  readonly requiredHeaders: Readonly<Record<string, readonly string[]>>;
  /** Every documented response header per status, with the pointer of its schema (if it has one). */
  readonly responseHeaders: Readonly<Record<string, readonly SpecResponseHeader[]>>;
  /** The media types each status documents (empty when the response has no body). */
  readonly responseMediaTypes: Readonly<Record<string, readonly string[]>>;
  /**
   * Each status's named JSON examples, name → pointer of the example's value, in spec order. A lone
   * `example` (no `examples` map) is listed under the name `example`.
   */
  readonly responseExamples: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly retry: RetryClass;
  /** The property path of the idempotency key in the request body, e.g. `['payment', 'clientRequestId']`. */
  readonly idempotencyKey: readonly string[] | null;
  readonly pagination: Pagination | null;
  readonly requiresStatus: StatusRequirement | null;
}

/**
 * A webhook (OpenAPI 3.1 `webhooks`): a request the API sends to the consumer, whose body has the
 * polarity of a response (the API writes it, the consumer reads it).
 */
export interface SpecWebhook {
  /** Its key under `webhooks`, e.g. `instantPaymentStatusChanged`. */
  readonly name: string;
  /** Its operationId, else its name. */
  readonly operationId: string;
  /** Upper case: `POST`. */
  readonly method: string;
  readonly pointer: string;
  /** JSON pointer of the JSON body schema, if it has one. */
  readonly bodyPointer: string | null;
  /** Pointer of the first body example's value, if there is one. */
  readonly requestExamplePointer: string | null;
  /** The body's `eventName` when its schema fixes it with `const` (`instant_payment.status_changed`). */
  readonly eventName: string | null;
  /** Pointer of the body's `data` property schema, when it has one: the event's payload. */
  readonly dataPointer: string | null;
  /** The header parameters the request carries (signature, timestamp). */
  readonly headers: readonly SpecParameter[];
}

export interface StateMachine {
  readonly schema: string;
  readonly statuses: readonly string[];
  readonly terminal: readonly string[];
  /** The statuses each status may move to (`x-transitions`); a terminal status moves nowhere. */
  readonly transitions: Readonly<Record<string, readonly string[]>>;
}

export interface SecuritySchemeModel {
  readonly type: string;
  readonly scheme: string | null;
  /** `x-token-operation`: the operation that issues this scheme's tokens. */
  readonly tokenOperation: string | null;
}

export interface SpecModel {
  readonly openapi: string;
  readonly apiVersion: string;
  readonly servers: ReadonlyArray<{ readonly url: string; readonly environment: string | null }>;
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeModel>>;
  readonly operations: readonly SpecOperation[];
  /** Every webhook of the document, in document order. */
  readonly webhooks: readonly SpecWebhook[];
  /** The values of every named enum schema, in spec order. */
  readonly enums: Readonly<Record<string, ReadonlyArray<string | number>>>;
  /** Every named enum schema that declares `x-transitions` or `x-terminal-values`. */
  readonly stateMachines: Readonly<Record<string, StateMachine>>;
}

export { SpecModelError } from './errors.js';

import { SpecModelError } from './errors.js';

const fail = (message: string): never => {
  throw new SpecModelError(message);
};

const stringList = (value: Json | undefined, where: string): string[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    return fail(`${where} must be a list of strings`);
  return value as string[];
};

export interface ReadModelOptions {
  /**
   * Default true: a shape the model cannot vouch for (no operationId, an undeclared path
   * parameter, an unknown security scheme, an extension that names unknown statuses) throws.
   * A differ reading any document passes false: such operations are still read, under
   * `METHOD path` for a missing operationId, and the unreadable extension is left out.
   */
  strict?: boolean;
  /**
   * How an operation's retry class is decided. Default `defaultRetryClass`: RFC 9110's safe
   * methods and the operations that issue a scheme's tokens (`x-token-operation`) are safe, an
   * operation whose body requires the document's `x-idempotency-key` is keyed, any other unsafe.
   * An API with another policy passes its own.
   */
  retryClass?: (facts: RetryFacts) => RetryClass;
}

/** What the retry class of an operation may be decided from. */
export interface RetryFacts {
  readonly operationId: string;
  /** Upper case. */
  readonly method: string;
  /** Some security scheme names it as its `x-token-operation`. */
  readonly issuesTokens: boolean;
  readonly idempotencyKey: readonly string[] | null;
}

export function defaultRetryClass(facts: RetryFacts): RetryClass {
  if (SAFE_METHODS.has(facts.method) || facts.issuesTokens) return 'safe';
  return facts.idempotencyKey ? 'keyed' : 'unsafe';
}

/** In lenient mode, what fails is left out (`fallback`) instead of failing the whole reading. */
function attempt<T>(strict: boolean, read: () => T, fallback: T): T {
  if (strict) return read();
  try {
    return read();
  } catch (error) {
    if (error instanceof SpecModelError) return fallback;
    throw error;
  }
}

export function readModel(doc: JsonObject, options: ReadModelOptions = {}): SpecModel {
  const strict = options.strict ?? true;
  if (typeof doc.openapi !== 'string') fail('not an OpenAPI document: it has no "openapi" field');
  const info = isObject(doc.info) ? doc.info : {};
  const securitySchemes = readSecuritySchemes(doc);
  const idempotencyKeyName = typeof doc['x-idempotency-key'] === 'string' ? doc['x-idempotency-key'] : null;
  const tokenOperations = new Set(
    Object.values(securitySchemes).flatMap((s) => (s.tokenOperation ? [s.tokenOperation] : [])),
  );
  const enums = readEnums(doc);
  const stateMachines = readStateMachines(doc, enums, strict);
  const retryClass = options.retryClass ?? defaultRetryClass;
  const operations = readPathOperations(doc, {
    securitySchemes,
    idempotencyKeyName,
    tokenOperations,
    stateMachines,
    enums,
    strict,
    retryClass,
  });
  const ids = new Set(operations.map((o) => o.operationId));
  for (const [name, scheme] of Object.entries(securitySchemes)) {
    if (strict && scheme.tokenOperation && !ids.has(scheme.tokenOperation))
      fail(`security scheme ${name}: x-token-operation ${scheme.tokenOperation} is not an operation of the spec`);
  }
  return {
    openapi: doc.openapi as string,
    apiVersion: typeof info.version === 'string' ? info.version : '',
    servers: (Array.isArray(doc.servers) ? doc.servers : []).filter(isObject).map((s) => ({
      url: String(s.url),
      environment: typeof s['x-environment'] === 'string' ? s['x-environment'] : null,
    })),
    securitySchemes,
    operations,
    webhooks: readWebhooks(doc, strict),
    enums,
    stateMachines,
  };
}

function readWebhooks(doc: JsonObject, strict: boolean): SpecWebhook[] {
  const webhooks: SpecWebhook[] = [];
  for (const name of Object.keys(isObject(doc.webhooks) ? doc.webhooks : {})) {
    const itemPointer = resolvePointer(doc, pointerOf('webhooks', name));
    const item = derefAt(doc, itemPointer) ?? {};
    for (const method of HTTP_METHODS) {
      if (!isObject(item[method])) continue;
      const pointer = `${itemPointer}/${method}`;
      const op = item[method] as JsonObject;
      const body = readRequestBody(doc, pointer, op);
      const properties = body.bodyPointer ? propertiesOf(doc, body.bodyPointer) : {};
      const eventName = properties.eventName ? derefAt(doc, properties.eventName.pointer) : undefined;
      const headers = readParameters(doc, itemPointer, pointer, name, `/${name}`, false).filter(
        (p) => p.in === 'header',
      );
      webhooks.push({
        name,
        operationId: typeof op.operationId === 'string' ? op.operationId : name,
        method: method.toUpperCase(),
        pointer,
        bodyPointer: body.bodyPointer,
        requestExamplePointer: body.requestExamplePointer,
        eventName: typeof eventName?.const === 'string' ? eventName.const : null,
        dataPointer: properties.data ? properties.data.pointer : null,
        headers,
      });
    }
    if (strict && !webhooks.some((w) => w.name === name)) fail(`webhook ${name} has no operation`);
  }
  return webhooks;
}

/** The pointer of each property schema of an object schema, looking through `allOf` (each branch, then the schema's own). */
function propertiesOf(doc: JsonObject, schemaPointer: string, depth = 0): Record<string, { pointer: string }> {
  const pointer = resolvePointer(doc, schemaPointer);
  const schema = derefAt(doc, pointer) ?? {};
  const found: Record<string, { pointer: string }> = {};
  if (depth < 8 && Array.isArray(schema.allOf))
    for (let i = 0; i < schema.allOf.length; i++)
      Object.assign(found, propertiesOf(doc, `${pointer}/allOf/${i}`, depth + 1));
  for (const key of Object.keys(isObject(schema.properties) ? schema.properties : {}))
    found[key] = { pointer: `${pointer}/properties/${escapePointer(key)}` };
  return found;
}

function readSecuritySchemes(doc: JsonObject): Record<string, SecuritySchemeModel> {
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const result: Record<string, SecuritySchemeModel> = {};
  for (const name of Object.keys(schemes)) {
    const scheme = derefAt(doc, pointerOf('components', 'securitySchemes', name)) ?? {};
    result[name] = {
      type: String(scheme.type ?? ''),
      scheme: typeof scheme.scheme === 'string' ? scheme.scheme : null,
      tokenOperation: typeof scheme['x-token-operation'] === 'string' ? scheme['x-token-operation'] : null,
    };
  }
  return result;
}

function readEnums(doc: JsonObject): Record<string, Array<string | number>> {
  const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const result: Record<string, Array<string | number>> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (isObject(schema) && Array.isArray(schema.enum))
      result[name] = schema.enum.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  }
  return result;
}

function readStateMachines(
  doc: JsonObject,
  enums: Record<string, Array<string | number>>,
  strict: boolean,
): Record<string, StateMachine> {
  const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const result: Record<string, StateMachine> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isObject(schema) || (schema['x-transitions'] === undefined && schema['x-terminal-values'] === undefined))
      continue;
    const machine = attempt(strict, () => readStateMachine(name, schema, enums), undefined);
    if (machine) result[name] = machine;
  }
  return result;
}

function readStateMachine(
  name: string,
  schema: JsonObject,
  enums: Record<string, Array<string | number>>,
): StateMachine {
  const statuses = (enums[name] ?? fail(`${name}: x-transitions and x-terminal-values need an enum`)).map(String);
  const known = new Set(statuses);
  const unknown = (values: string[], where: string) => {
    const bad = values.filter((v) => !known.has(v));
    if (bad.length > 0) fail(`${name}: ${where} names statuses that are not in the enum: ${bad.join(', ')}`);
  };
  const terminal = stringList(schema['x-terminal-values'], `${name}.x-terminal-values`);
  unknown(terminal, 'x-terminal-values');
  const declared = schema['x-transitions'] ?? {};
  if (!isObject(declared)) fail(`${name}.x-transitions must map each status to the statuses it can move to`);
  const transitions: Record<string, string[]> = {};
  for (const status of statuses) {
    const next = stringList((declared as JsonObject)[status], `${name}.x-transitions.${status}`);
    unknown(next, `x-transitions.${status}`);
    if (terminal.includes(status) && next.length > 0)
      fail(`${name}: ${status} is terminal but x-transitions moves it on`);
    transitions[status] = next;
  }
  unknown(Object.keys(declared as JsonObject), 'x-transitions');
  return { schema: name, statuses, terminal, transitions };
}

interface Context {
  securitySchemes: Record<string, SecuritySchemeModel>;
  idempotencyKeyName: string | null;
  tokenOperations: Set<string>;
  stateMachines: Record<string, StateMachine>;
  enums: Record<string, Array<string | number>>;
  strict: boolean;
  retryClass: (facts: RetryFacts) => RetryClass;
}

function readPathOperations(doc: JsonObject, context: Context): SpecOperation[] {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const result: SpecOperation[] = [];
  const seen = new Set<string>();
  for (const path of Object.keys(paths)) {
    const itemPointer = resolvePointer(doc, pointerOf('paths', path));
    const item = pointerGet(doc, itemPointer);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      if (!isObject(item[method])) continue;
      const operation = readOperation(doc, context, path, method, itemPointer);
      if (seen.has(operation.operationId) && context.strict) fail(`operationId ${operation.operationId} is used twice`);
      seen.add(operation.operationId);
      result.push(operation);
    }
  }
  return result;
}

function readOperation(
  doc: JsonObject,
  context: Context,
  path: string,
  method: (typeof HTTP_METHODS)[number],
  itemPointer: string,
): SpecOperation {
  const pointer = `${itemPointer}/${method}`;
  const op = pointerGet(doc, pointer) as JsonObject;
  const upper = method.toUpperCase();
  const operationId =
    typeof op.operationId === 'string'
      ? op.operationId
      : context.strict
        ? fail(`${upper} ${path} has no operationId`)
        : `${upper} ${path}`;
  const securityRequirements = readSecurity(doc, op, operationId, context);
  const parameters = readParameters(doc, itemPointer, pointer, operationId, path, context.strict);
  const body = readRequestBody(doc, pointer, op);
  const responses = readResponses(doc, pointer, op);
  const keyName = context.idempotencyKeyName;
  const idempotencyKey =
    body.bodyPointer && keyName
      ? attempt(context.strict, () => requiredPath(doc, body.bodyPointer!, keyName, 2) ?? null, null)
      : null;
  const retry = context.retryClass({
    operationId,
    method: upper,
    issuesTokens: context.tokenOperations.has(operationId),
    idempotencyKey,
  });
  return {
    operationId,
    method: upper,
    path,
    pointer,
    tags: stringList(op.tags, `${operationId}.tags`),
    summary: typeof op.summary === 'string' ? op.summary : null,
    security: securityRequirements[0]?.[0] ?? null,
    securityRequirements,
    parameters,
    ...body,
    ...responses,
    retry,
    idempotencyKey,
    pagination: readPagination(doc, upper, parameters, responses.responsePointers['200'] ?? null),
    requiresStatus: attempt(
      context.strict,
      () => readStatusRequirement(op, operationId, context, responses.responsePointers),
      null,
    ),
  };
}

function readSecurity(doc: JsonObject, op: JsonObject, operationId: string, context: Context): string[][] {
  const requirements = op.security ?? doc.security ?? [];
  if (!Array.isArray(requirements)) return fail(`${operationId}: security must be a list of requirements`);
  return requirements.map((requirement) => {
    if (!isObject(requirement)) return fail(`${operationId}: each security requirement must be an object`);
    const schemes = Object.keys(requirement);
    for (const scheme of schemes)
      if (context.strict && !context.securitySchemes[scheme]) fail(`${operationId}: unknown security scheme ${scheme}`);
    return schemes;
  });
}

function readParameters(
  doc: JsonObject,
  itemPointer: string,
  opPointer: string,
  operationId: string,
  path: string,
  strict: boolean,
): SpecParameter[] {
  const byKey = new Map<string, SpecParameter>();
  for (const [level, listPointer] of [
    ['path-item', `${itemPointer}/parameters`],
    ['operation', `${opPointer}/parameters`],
  ] as const) {
    const list = pointerGet(doc, listPointer);
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`${listPointer} must be a list`);
    (list as Json[]).forEach((_, index) => {
      const pointer = resolvePointer(doc, `${listPointer}/${index}`);
      const parameter = pointerGet(doc, pointer);
      if (
        !isObject(parameter) ||
        typeof parameter.name !== 'string' ||
        typeof parameter.in !== 'string' ||
        !['path', 'query', 'header', 'cookie'].includes(parameter.in)
      ) {
        if (strict)
          fail(
            `${operationId}: ${listPointer}/${index} is not a parameter with a name and an in of path, query, header or cookie`,
          );
        return;
      }
      const location = parameter.in as ParameterLocation;
      // Header names are case-insensitive (RFC 9110), so `X-Id` on the path item is overridden by `x-id`.
      const key = `${location}:${location === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
      byKey.set(key, {
        name: parameter.name,
        in: location,
        required: parameter.required === true || location === 'path',
        pointer,
        schemaPointer: `${pointer}/schema`,
        level,
      });
    });
  }
  const parameters = [...byKey.values()];
  if (!strict) return parameters;
  const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of templated) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name))
      fail(`${operationId}: path parameter {${name}} is not declared`);
  }
  for (const p of parameters)
    if (p.in === 'path' && !templated.includes(p.name))
      fail(`${operationId}: path parameter ${p.name} is not in the path ${path}`);
  return parameters;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

function readRequestBody(doc: JsonObject, opPointer: string, op: JsonObject) {
  if (op.requestBody === undefined)
    return { bodyPointer: null, bodyRequired: false, requestMediaTypes: [], requestExamplePointer: null };
  const pointer = resolvePointer(doc, `${opPointer}/requestBody`);
  const raw = pointerGet(doc, pointer);
  const body: JsonObject = isObject(raw) ? raw : {};
  const content = isObject(body.content) ? body.content : {};
  const requestMediaTypes = Object.keys(content);
  const json = requestMediaTypes.find((m) => JSON_MEDIA.test(m));
  const mediaPointer = json ? `${pointer}/content/${escapePointer(json)}` : null;
  return {
    bodyPointer: mediaPointer ? `${mediaPointer}/schema` : null,
    bodyRequired: body.required === true,
    requestMediaTypes,
    requestExamplePointer: mediaPointer ? examplePointer(doc, mediaPointer) : null,
  };
}

function examplePointer(doc: JsonObject, mediaPointer: string): string | null {
  const media = derefAt(doc, mediaPointer) ?? {};
  if (isObject(media.examples)) {
    const first = Object.keys(media.examples)[0];
    if (first !== undefined) return `${resolvePointer(doc, `${mediaPointer}/examples/${escapePointer(first)}`)}/value`;
  }
  return media.example !== undefined ? `${mediaPointer}/example` : null;
}

function readResponses(doc: JsonObject, opPointer: string, op: JsonObject) {
  const responsePointers: Record<string, string | null> = {};
  const requiredHeaders: Record<string, string[]> = {};
  const responseMediaTypes: Record<string, string[]> = {};
  const responseHeaders: Record<string, SpecResponseHeader[]> = {};
  const responseExamples: Record<string, Record<string, string>> = {};
  for (const status of Object.keys(isObject(op.responses) ? op.responses : {})) {
    const pointer = resolvePointer(doc, `${opPointer}/responses/${escapePointer(status)}`);
    const response = derefAt(doc, pointer) ?? {};
    const content = isObject(response.content) ? response.content : {};
    const json = Object.keys(content).find((m) => JSON_MEDIA.test(m));
    responsePointers[status] = json ? `${pointer}/content/${escapePointer(json)}/schema` : null;
    responseMediaTypes[status] = Object.keys(content);
    responseExamples[status] = json ? namedExamples(doc, `${pointer}/content/${escapePointer(json)}`) : {};
    responseHeaders[status] = Object.keys(isObject(response.headers) ? response.headers : {}).map((name) => {
      const headerPointer = resolvePointer(doc, `${pointer}/headers/${escapePointer(name)}`);
      const header = derefAt(doc, headerPointer) ?? {};
      return {
        name,
        required: header.required === true,
        schemaPointer: header.schema !== undefined ? `${headerPointer}/schema` : null,
      };
    });
    requiredHeaders[status] = responseHeaders[status].filter((h) => h.required).map((h) => h.name);
  }
  return { responsePointers, requiredHeaders, responseHeaders, responseMediaTypes, responseExamples };
}

/** A media type's examples by name, each the pointer of its value (after `$ref`s). */
function namedExamples(doc: JsonObject, mediaPointer: string): Record<string, string> {
  const media = derefAt(doc, mediaPointer) ?? {};
  const named: Record<string, string> = {};
  if (isObject(media.examples)) {
    for (const name of Object.keys(media.examples)) {
      const pointer = resolvePointer(doc, `${mediaPointer}/examples/${escapePointer(name)}`);
      const example = pointerGet(doc, pointer);
      // An externalValue example has no value to serve.
      if (isObject(example) && example.value !== undefined) named[name] = `${pointer}/value`;
    }
  } else if (media.example !== undefined) named.example = `${mediaPointer}/example`;
  return named;
}

/**
 * The property path at which the schema requires `name`, looking through allOf (any branch),
 * oneOf/anyOf (every branch, at the same path) and required object properties, `depth` levels deep.
 */
function requiredPath(doc: JsonObject, schemaPointer: string, name: string, depth: number): string[] | undefined {
  const pointer = resolvePointer(doc, schemaPointer);
  const schema = pointerGet(doc, pointer);
  if (!isObject(schema)) return undefined;
  const required = stringList(schema.required, `${pointer}/required`);
  if (required.includes(name)) return [name];
  for (const [index] of (Array.isArray(schema.allOf) ? schema.allOf : []).entries()) {
    const found = requiredPath(doc, `${pointer}/allOf/${index}`, name, depth);
    if (found) return found;
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const paths = branches.map((_, index) => requiredPath(doc, `${pointer}/${keyword}/${index}`, name, depth));
    if (paths.every((p) => p && p.join('/') === paths[0]!.join('/'))) return paths[0];
  }
  if (depth > 0 && isObject(schema.properties)) {
    for (const property of required) {
      if (!Object.hasOwn(schema.properties, property)) continue;
      const found = requiredPath(doc, `${pointer}/properties/${escapePointer(property)}`, name, depth - 1);
      if (found) return [property, ...found];
    }
  }
  return undefined;
}

/**
 * Cursor pagination, recognised by shape: a GET whose query parameter `P` comes back as the
 * response field `nextP` (`cursor` → `nextCursor`), next to one array field of items.
 */
function readPagination(
  doc: JsonObject,
  method: string,
  parameters: SpecParameter[],
  okPointer: string | null,
): Pagination | null {
  if (method !== 'GET' || !okPointer) return null;
  const schema = derefAt(doc, okPointer);
  const properties = schema && isObject(schema.properties) ? schema.properties : {};
  for (const parameter of parameters.filter((p) => p.in === 'query')) {
    const nextCursorField = `next${parameter.name.charAt(0).toUpperCase()}${parameter.name.slice(1)}`;
    if (!Object.hasOwn(properties, nextCursorField)) continue;
    const arrays = Object.keys(properties).filter(
      (key) => derefAt(doc, `${resolvePointer(doc, okPointer)}/properties/${escapePointer(key)}`)?.type === 'array',
    );
    if (arrays.length !== 1) continue;
    const pageSize = parameters.find(
      (p) => p.in === 'query' && p !== parameter && /^(page_?size|limit|per_?page)$/i.test(p.name),
    );
    return {
      cursorParameter: parameter.name,
      nextCursorField,
      itemsField: arrays[0]!,
      pageSizeParameter: pageSize?.name ?? null,
    };
  }
  return null;
}

function readStatusRequirement(
  op: JsonObject,
  operationId: string,
  context: Context,
  responses: Record<string, string | null>,
): StatusRequirement | null {
  const raw = op['x-requires-status'];
  if (raw === undefined) return null;
  const where = `${operationId}.x-requires-status`;
  if (!isObject(raw) || typeof raw.schema !== 'string') return fail(`${where} must be { schema, statuses, otherwise }`);
  const machine =
    context.stateMachines[raw.schema] ?? fail(`${where}.schema ${raw.schema} is not a status enum with x-transitions`);
  const statuses = stringList(raw.statuses, `${where}.statuses`);
  const bad = statuses.filter((s) => !machine.statuses.includes(s));
  if (bad.length > 0 || statuses.length === 0)
    fail(`${where}.statuses must be statuses of ${raw.schema}${bad.length ? `; not in it: ${bad.join(', ')}` : ''}`);
  const otherwise =
    typeof raw.otherwise === 'number' ? raw.otherwise : fail(`${where}.otherwise must be a response status`);
  if (!(String(otherwise) in responses))
    fail(`${where}.otherwise ${otherwise} is not a documented response of ${operationId}`);
  return { schema: raw.schema, statuses, otherwise };
}

/** The operations by operationId. */
export function operationsById(model: SpecModel): Map<string, SpecOperation> {
  return new Map(model.operations.map((o) => [o.operationId, o]));
}
