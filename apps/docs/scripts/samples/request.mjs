// What every language's sample says, once: the operation's method and URL (its path parameters
// and query filled with the spec's examples), its example body with a fresh idempotency key
// marked, and how it authenticates. Each language module renders this in its own idiom.
import { derefAt, escapePointer, isObject, pointerGet, resolvePointer } from '@klavi-pay/openapi-runtime';

/** @import { Json, JsonObject, SpecModel, SpecOperation, SpecParameter } from '@klavi-pay/openapi-runtime' */

/** Where a sample puts a fresh idempotency key: each language writes its own call there. */
export const FRESH_KEY = '<fresh clientRequestId>';
/**
 * Where a sample puts today's date in Brasília, computed where it runs: at a date the API takes from
 * today on (`x-earliest: today`, DECISIONS.md D-51), so that the example's fixed date is not sent.
 */
export const TODAY = '<today in Brasília>';
/** Where a sample reads an environment variable: `<env NAME>`; each language writes its own read. */
export const envMarker = (/** @type {string} */ name) => `<env ${name}>`;
/** The variable a marker names, or undefined for any other string. */
export const markedEnv = (/** @type {string} */ value) => /^<env ([A-Z_]+)>$/.exec(value)?.[1];

/**
 * The credentials of a security scheme, as environment variables, and its token operation.
 * @typedef {{ tokenPath: string, accessKeyEnv: string, secretKeyEnv: string, tokenEnv: string }} SampleAuth
 */
/**
 * @typedef {object} SampleRequest
 * @property {string} operationId
 * @property {string} method upper case
 * @property {string} path the template, `/payment/…/{id}`
 * @property {string} target the path with its parameters filled in and the query, if any
 * @property {Record<string, string>} pathParams the example of each path parameter
 * @property {Json | undefined} body the example body, FRESH_KEY at its idempotency key and TODAY at
 *   its dates that must not be past
 * @property {SampleAuth | null} auth null for an operation that takes no bearer token
 * @property {boolean} isTokenEndpoint
 * @property {string} baseUrl the first server's URL; the samples read KLAVI_BASE_URL before it
 */

/** The environment variables each scheme's samples read. */
const CREDENTIALS = {
  CustomerBearer: {
    accessKeyEnv: 'KLAVI_ACCESS_KEY',
    secretKeyEnv: 'KLAVI_SECRET_KEY',
    tokenEnv: 'KLAVI_ACCESS_TOKEN',
  },
  ManagementBearer: {
    accessKeyEnv: 'KLAVI_MANAGEMENT_ACCESS_KEY',
    secretKeyEnv: 'KLAVI_MANAGEMENT_SECRET_KEY',
    tokenEnv: 'KLAVI_MANAGEMENT_TOKEN',
  },
};

/**
 * A parameter's example (its own, else its schema's); every parameter must have one.
 * @param {JsonObject} spec
 * @param {Pick<SpecParameter, 'name' | 'pointer' | 'schemaPointer'>} parameter
 * @returns {Json}
 */
export function parameterExample(spec, parameter) {
  const node = pointerGet(spec, parameter.pointer);
  const schema = derefAt(spec, parameter.schemaPointer);
  const examples = schema?.examples;
  const value =
    (isObject(node) ? node.example : undefined) ??
    (Array.isArray(examples) ? examples[0] : undefined) ??
    schema?.example;
  if (value === undefined) throw new Error(`parameter ${parameter.name} has no example to build code samples from`);
  return value;
}

/**
 * The example with FRESH_KEY at the operation's idempotency key, when it has one.
 * @param {Json | undefined} example
 * @param {readonly string[] | null} path
 * @returns {Json | undefined}
 */
function withFreshKey(example, path) {
  if (!path || path.length === 0 || !isObject(example)) return example;
  const copy = /** @type {JsonObject} */ (structuredClone(example));
  /** @type {Json | undefined} */
  let node = copy;
  for (const name of path.slice(0, -1)) node = isObject(node) ? node[name] : undefined;
  const last = /** @type {string} */ (path.at(-1));
  if (!isObject(node) || !(last in node)) return example;
  node[last] = FRESH_KEY;
  return copy;
}

/**
 * The names of the body's properties marked `x-earliest: today`, beside their `$ref` or in the
 * schema it refers to (through `allOf` too).
 * @param {JsonObject} spec
 * @param {string} schemaPointer
 * @returns {string[]}
 */
export function earliestTodayFields(spec, schemaPointer, depth = 0) {
  const pointer = resolvePointer(spec, schemaPointer);
  const schema = derefAt(spec, pointer);
  if (!schema || depth > 8) return [];
  const found = (Array.isArray(schema.allOf) ? schema.allOf : []).flatMap((_, i) =>
    earliestTodayFields(spec, `${pointer}/allOf/${i}`, depth + 1),
  );
  for (const name of Object.keys(isObject(schema.properties) ? schema.properties : {})) {
    const at = `${pointer}/properties/${escapePointer(name)}`;
    const marked = (/** @type {JsonObject | undefined} */ node) => node?.['x-earliest'] === 'today';
    const own = pointerGet(spec, at);
    if (marked(isObject(own) ? own : undefined) || marked(derefAt(spec, at))) found.push(name);
  }
  return found;
}

/**
 * The example with TODAY at each of `fields` it holds.
 * @param {Json | undefined} example
 * @param {readonly string[]} fields
 * @returns {Json | undefined}
 */
function withToday(example, fields) {
  if (!isObject(example) || !fields.some((name) => name in example)) return example;
  return { ...example, ...Object.fromEntries(fields.filter((name) => name in example).map((name) => [name, TODAY])) };
}

/**
 * @param {JsonObject} spec
 * @param {SpecModel} model
 * @param {SpecOperation} op
 * @returns {SampleRequest}
 */
export function sampleRequest(spec, model, op) {
  const server = model.servers[0];
  if (!server) throw new Error('the spec has no server for the code samples to call');
  let example;
  if (op.bodyPointer) {
    if (!op.requestExamplePointer)
      throw new Error(`${op.operationId} takes a body but has no request example to build code samples from`);
    example = pointerGet(spec, op.requestExamplePointer);
  }
  const pathParams = Object.fromEntries(
    op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(parameterExample(spec, p))]),
  );
  const query = op.pagination?.pageSizeParameter ? `?${op.pagination.pageSizeParameter}=50` : '';
  const target = `${op.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(/** @type {string} */ (pathParams[name])))}${query}`;
  const tokenOperations = new Map(
    Object.entries(model.securitySchemes).map(([name, scheme]) => [scheme.tokenOperation, name]),
  );
  /** @type {SampleAuth | null} */
  let auth = null;
  if (op.security) {
    const scheme = model.securitySchemes[op.security];
    const token = model.operations.find((o) => o.operationId === scheme?.tokenOperation);
    const credentials = CREDENTIALS[/** @type {keyof typeof CREDENTIALS} */ (op.security)];
    if (!token || !credentials) throw new Error(`${op.operationId}: no token operation for ${op.security}`);
    auth = { tokenPath: token.path, ...credentials };
  }
  // A body that carries a key pair (the token requests, the whitelabel links) reads it from the
  // environment, as the bearer samples do, never the example's literal keys.
  let body = withToday(
    withFreshKey(example, op.idempotencyKey),
    op.bodyPointer ? earliestTodayFields(spec, op.bodyPointer) : [],
  );
  if (isObject(body) && 'accessKey' in body && 'secretKey' in body) {
    const pair =
      op.operationId === model.securitySchemes.ManagementBearer?.tokenOperation
        ? CREDENTIALS.ManagementBearer
        : CREDENTIALS.CustomerBearer;
    body = { ...body, accessKey: envMarker(pair.accessKeyEnv), secretKey: envMarker(pair.secretKeyEnv) };
  }
  return {
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    target,
    pathParams,
    body,
    auth,
    isTokenEndpoint: tokenOperations.has(op.operationId),
    baseUrl: server.url,
  };
}

/**
 * The same request with other path parameters (the tests run each sample on resources they made).
 * @param {SampleRequest} req
 * @param {Record<string, string>} pathParams
 * @returns {SampleRequest}
 */
export function withPathParams(req, pathParams) {
  const query = req.target.includes('?') ? `?${req.target.split('?')[1]}` : '';
  const target = `${req.path.replace(/\{([^}]+)\}/g, (_, name) => {
    const value = pathParams[name];
    if (value === undefined) throw new Error(`${req.operationId}: no value for path parameter ${name}`);
    return encodeURIComponent(value);
  })}${query}`;
  return { ...req, pathParams, target };
}
