// x-codeSamples for every operation, generated from the operation itself (method, path, security,
// parameters and its first request example), never written by hand: a curl command and a
// @klavi-pay/client call. The TypeScript samples are type-checked against the client in the tests.

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Follows a local `$ref` in the bundle. */
export function deref(spec, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${node.$ref}`);
    current = current.$ref
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((value, key) => value?.[key], spec);
  }
  return current;
}

function requestExample(spec, op) {
  const media = op.requestBody && deref(spec, op.requestBody).content?.['application/json'];
  if (!media) return undefined;
  const first = Object.values(media.examples ?? {})[0];
  if (first) return deref(spec, first).value;
  if (media.example !== undefined) return media.example;
  throw new Error(`${op.operationId} takes a body but has no request example to build code samples from`);
}

function parameterExample(spec, parameter) {
  const schema = deref(spec, parameter.schema);
  const value = parameter.example ?? schema?.examples?.[0] ?? schema?.example;
  if (value === undefined) throw new Error(`parameter ${parameter.name} has no example to build code samples from`);
  return value;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/**
 * A value as a TypeScript literal: JSON with the keys that are identifiers unquoted. Matching
 * `"key":` cannot touch a string value, where a quote is always escaped.
 */
function tsLiteral(value) {
  return JSON.stringify(value, null, 2).replace(/"([A-Za-z_$][\w$]*)":/g, '$1:');
}

/** A flat object on one line: `{ id: "…", appId: "…" }`. */
function inlineLiteral(object) {
  return `{ ${Object.entries(object).map(([name, value]) => `${key(name)}: ${JSON.stringify(value)}`).join(', ')} }`;
}

function samplesFor(spec, path, method, op, isTokenEndpoint) {
  const baseUrl = spec.servers[0].url;
  const security = (op.security ?? spec.security ?? [])[0];
  const scheme = security ? Object.keys(security)[0] : null;
  const parameters = (op.parameters ?? []).map((p) => deref(spec, p));
  const pathParams = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, parameterExample(spec, p)]));
  const query = parameters.some((p) => p.in === 'query' && p.name === 'pageSize') ? { pageSize: 50 } : undefined;
  const body = requestExample(spec, op);

  const concretePath = path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(pathParams[name])));
  const url = `${baseUrl}${concretePath}${query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : ''}`;
  const token = scheme === 'ManagementBearer' ? '$KLAVI_MANAGEMENT_TOKEN' : '$KLAVI_ACCESS_TOKEN';
  const curl = [
    `curl -X ${method.toUpperCase()} '${url}'`,
    ...(scheme ? [`  -H "Authorization: Bearer ${token}"`] : []),
    `  -H 'Accept: application/json'`,
    ...(body !== undefined ? [`  -H 'Content-Type: application/json'`, `  -d '${JSON.stringify(body, null, 2).replace(/'/g, `'\\''`)}'`] : []),
  ].join(' \\\n');

  const init = [];
  if (Object.keys(pathParams).length || query) {
    const params = [];
    if (Object.keys(pathParams).length) params.push(`path: ${inlineLiteral(pathParams)}`);
    if (query) params.push(`query: ${inlineLiteral(query)}`);
    init.push(`  params: { ${params.join(', ')} },`);
  }
  if (body !== undefined) init.push(`  body: ${tsLiteral(body).replace(/\n/g, '\n  ')},`);
  const call = init.length
    ? `await klavi.${method.toUpperCase()}('${path}', {\n${init.join('\n')}\n});`
    : `await klavi.${method.toUpperCase()}('${path}');`;
  const credentials = [
    `  credentials: { accessKey: process.env.KLAVI_ACCESS_KEY!, secretKey: process.env.KLAVI_SECRET_KEY! },`,
    ...(scheme === 'ManagementBearer'
      ? [`  managementCredentials: { accessKey: process.env.KLAVI_MANAGEMENT_ACCESS_KEY!, secretKey: process.env.KLAVI_MANAGEMENT_SECRET_KEY! },`]
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

/** Adds x-codeSamples to every operation of `spec` (in place) and returns the samples by operationId. */
export function addCodeSamples(spec) {
  const tokenOperations = new Set(Object.values(spec.components?.securitySchemes ?? {}).map((s) => s['x-token-operation']));
  const byOperation = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const samples = samplesFor(spec, path, method, op, tokenOperations.has(op.operationId));
      op['x-codeSamples'] = samples;
      byOperation[op.operationId] = samples;
    }
  }
  return byOperation;
}
