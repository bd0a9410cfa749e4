// x-codeSamples for every operation, generated from the operation itself (method, path, security,
// parameters and its first request example), never written by hand: a curl command and a
// @klavi-pay/client call. The webhooks get theirs from webhook-samples.mjs: verifying an event in
// shell (openssl) and with the client's verifyKlaviEvent. The TypeScript samples are type-checked
// against the client in the tests.

import { derefAt, isObject, pointerGet } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { addWebhookSamples } from './webhook-samples.mjs';

/** @import { Json, JsonObject, SpecModel, SpecOperation, SpecParameter } from '@klavi-pay/openapi-runtime' */

/**
 * One entry of an operation's `x-codeSamples`, as Redoc reads it.
 * @typedef {{ lang: 'curl' | 'TypeScript', label: string, source: string }} CodeSample
 */

/**
 * @param {JsonObject} spec
 * @param {SpecOperation} op
 * @returns {Json | undefined}
 */
function requestExample(spec, op) {
  if (!op.bodyPointer) return undefined;
  if (!op.requestExamplePointer)
    throw new Error(`${op.operationId} takes a body but has no request example to build code samples from`);
  return pointerGet(spec, op.requestExamplePointer);
}

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

/** Where a sample puts a fresh idempotency key: each language replaces this string with its own call. */
export const FRESH_KEY = '<fresh clientRequestId>';

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

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (/** @type {string} */ name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/**
 * A value as a TypeScript literal: JSON with the keys that are identifiers unquoted. Matching
 * `"key":` cannot touch a string value, where a quote is always escaped.
 * @param {Json} value
 */
function tsLiteral(value) {
  return JSON.stringify(value, null, 2).replace(/"([A-Za-z_$][\w$]*)":/g, '$1:');
}

/**
 * A flat object on one line: `{ id: "…", appId: "…" }`.
 * @param {Readonly<Record<string, Json>>} object
 */
function inlineLiteral(object) {
  return `{ ${Object.entries(object)
    .map(([name, value]) => `${key(name)}: ${JSON.stringify(value)}`)
    .join(', ')} }`;
}

/**
 * @param {JsonObject} spec
 * @param {SpecModel} model
 * @param {SpecOperation} op
 * @param {boolean} isTokenEndpoint
 * @returns {CodeSample[]}
 */
function samplesFor(spec, model, op, isTokenEndpoint) {
  const { path } = op;
  const method = op.method.toLowerCase();
  const server = model.servers[0];
  if (!server) throw new Error('the spec has no server for the code samples to call');
  const baseUrl = server.url;
  const scheme = op.security;
  const pathParams = Object.fromEntries(
    op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, parameterExample(spec, p)]),
  );
  const query = op.pagination?.pageSizeParameter ? { [op.pagination.pageSizeParameter]: 50 } : undefined;
  const example = requestExample(spec, op);
  // The documented example's idempotency key is fixed, and a second create with it is answered
  // 409: each sample makes a fresh one (FRESH_KEY marks the place, each language fills it in).
  const body = withFreshKey(example, op.idempotencyKey);

  const concretePath = path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(pathParams[name])));
  const url = `${baseUrl}${concretePath}${query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => /** @type {[string, string]} */ ([k, String(v)])))}` : ''}`;
  const token = scheme === 'ManagementBearer' ? '$KLAVI_MANAGEMENT_TOKEN' : '$KLAVI_ACCESS_TOKEN';
  const curl = [
    `curl -X ${method.toUpperCase()} '${url}'`,
    ...(scheme ? [`  -H "Authorization: Bearer ${token}"`] : []),
    `  -H 'Accept: application/json'`,
    ...(body !== undefined
      ? [
          `  -H 'Content-Type: application/json'`,
          `  -d '${JSON.stringify(body, null, 2)
            .replace(/'/g, `'\\''`)
            .replace(`"${FRESH_KEY}"`, `"'"$(openssl rand -hex 16)"'"`)}'`,
        ]
      : []),
  ].join(' \\\n');

  const init = [];
  if (Object.keys(pathParams).length || query) {
    const params = [];
    if (Object.keys(pathParams).length) params.push(`path: ${inlineLiteral(pathParams)}`);
    if (query) params.push(`query: ${inlineLiteral(query)}`);
    init.push(`  params: { ${params.join(', ')} },`);
  }
  if (body !== undefined)
    init.push(`  body: ${tsLiteral(body).replace(`"${FRESH_KEY}"`, 'crypto.randomUUID()').replace(/\n/g, '\n  ')},`);
  const call = init.length
    ? `await klavi.${method.toUpperCase()}('${path}', {\n${init.join('\n')}\n});`
    : `await klavi.${method.toUpperCase()}('${path}');`;
  const credentials = [
    `  credentials: { accessKey: process.env.KLAVI_ACCESS_KEY!, secretKey: process.env.KLAVI_SECRET_KEY! },`,
    ...(scheme === 'ManagementBearer'
      ? [
          `  managementCredentials: { accessKey: process.env.KLAVI_MANAGEMENT_ACCESS_KEY!, secretKey: process.env.KLAVI_MANAGEMENT_SECRET_KEY! },`,
        ]
      : []),
  ];
  const note = isTokenEndpoint ? '// The client requests and refreshes tokens by itself; this is the raw call.\n' : '';
  const typescript = `import { createKlaviClient } from '@klavi-pay/client';

const klavi = createKlaviClient({
  environment: 'sandbox',
${credentials.join('\n')}
});

${note}const { data, error } = ${call}
if (error) throw error; // KlaviApiError: status, body, operationId, requestId
console.log(data);
`;
  return [
    { lang: 'curl', label: 'curl', source: curl },
    { lang: 'TypeScript', label: '@klavi-pay/client', source: typescript },
  ];
}

/**
 * Adds x-codeSamples to every operation and every webhook of `spec` (in place) and returns the
 * samples by operationId (a webhook's operationId, else its name).
 * @param {JsonObject} spec
 * @param {SpecModel} [model] the model of `spec`; by default the one the spec package publishes
 * @returns {Record<string, CodeSample[]>}
 */
export function addCodeSamples(spec, model = MODEL) {
  const tokenOperations = new Set(Object.values(model.securitySchemes).map((s) => s.tokenOperation));
  /** @type {Record<string, CodeSample[]>} */
  const byOperation = {};
  for (const op of model.operations) {
    const samples = samplesFor(spec, model, op, tokenOperations.has(op.operationId));
    const operation = pointerGet(spec, op.pointer);
    if (!isObject(operation))
      throw new Error(`${op.operationId} is not at ${op.pointer} in the spec: the model is of another spec`);
    operation['x-codeSamples'] = samples;
    byOperation[op.operationId] = samples;
  }
  for (const [operationId, samples] of Object.entries(addWebhookSamples(spec, model))) {
    if (byOperation[operationId]) throw new Error(`webhook ${operationId} has the operationId of an operation`);
    byOperation[operationId] = samples;
  }
  return byOperation;
}
