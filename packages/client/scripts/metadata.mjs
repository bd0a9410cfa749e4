// Derives the client's runtime metadata from the bundled spec and renders it as TypeScript.
// Everything here fails loudly on a spec shape it does not understand, so that a spec change
// cannot silently produce a client that authenticates or retries the wrong way.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const IDEMPOTENCY_KEY = 'clientRequestId';

function resolver(spec) {
  return function deref(node) {
    let current = node;
    for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
      if (hops > 32) throw new Error(`$ref cycle at ${node.$ref}`);
      if (!current.$ref.startsWith('#/')) throw new Error(`external $ref in the bundle: ${current.$ref}`);
      current = current.$ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((value, key) => value?.[key], spec);
      if (current === undefined) throw new Error(`unresolvable $ref ${node.$ref}`);
    }
    return current;
  };
}

/**
 * The property path at which `schema` requires `name`, looking through allOf (any branch),
 * oneOf/anyOf (every branch, at the same path) and required object properties, `depth` levels deep.
 */
function requiredPath(schema, name, deref, depth = 2) {
  const s = deref(schema);
  if (!s || typeof s !== 'object') return undefined;
  if (Array.isArray(s.required) && s.required.includes(name)) return [name];
  for (const branch of s.allOf ?? []) {
    const found = requiredPath(branch, name, deref, depth);
    if (found) return found;
  }
  for (const keyword of ['oneOf', 'anyOf']) {
    if (!s[keyword]) continue;
    const paths = s[keyword].map((branch) => requiredPath(branch, name, deref, depth));
    if (paths.every((p) => p && p.join('/') === paths[0].join('/'))) return paths[0];
  }
  if (depth > 0) {
    for (const property of s.required ?? []) {
      const child = s.properties?.[property];
      const found = child && requiredPath(child, name, deref, depth - 1);
      if (found) return [property, ...found];
    }
  }
  return undefined;
}

function environments(spec) {
  const entries = (spec.servers ?? []).map((server) => {
    if (typeof server['x-environment'] !== 'string') throw new Error(`server ${server.url} has no x-environment`);
    return [server['x-environment'], server.url.replace(/\/+$/, '')];
  });
  if (entries.length === 0) throw new Error('the spec declares no servers');
  return Object.fromEntries(entries);
}

function operations(spec, deref) {
  const schemes = spec.components?.securitySchemes ?? {};
  const tokenOperations = new Set(Object.values(schemes).map((s) => s['x-token-operation']));
  const result = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const security = op.security ?? spec.security ?? [];
      if (security.length > 1 || Object.keys(security[0] ?? {}).length > 1) {
        throw new Error(`${op.operationId}: the client supports one security scheme per operation`);
      }
      const scheme = Object.keys(security[0] ?? {})[0] ?? null;
      if (scheme && !schemes[scheme]) throw new Error(`${op.operationId}: unknown security scheme ${scheme}`);
      const upper = method.toUpperCase();
      const bodySchema = op.requestBody && deref(op.requestBody).content?.['application/json']?.schema;
      const idempotencyKey = bodySchema ? requiredPath(bodySchema, IDEMPOTENCY_KEY, deref) ?? null : null;
      // safe: replaying cannot change state; keyed: a replay carries the same clientRequestId, so
      // the server answers 409 instead of creating twice; unsafe: only replayed when the server
      // refused it unprocessed (429).
      const retry = SAFE_METHODS.has(upper) || tokenOperations.has(op.operationId) ? 'safe' : idempotencyKey ? 'keyed' : 'unsafe';
      result[op.operationId] = {
        method: upper,
        path,
        security: scheme,
        retry,
        idempotencyKey,
      };
    }
  }
  return result;
}

function securitySchemes(spec, ops) {
  const result = {};
  for (const [name, scheme] of Object.entries(spec.components?.securitySchemes ?? {})) {
    const tokenOperation = scheme['x-token-operation'];
    if (!tokenOperation || !ops[tokenOperation]) {
      throw new Error(`security scheme ${name} needs an x-token-operation naming an operation of the spec`);
    }
    result[name] = { tokenOperation, tokenPath: ops[tokenOperation].path };
  }
  return result;
}

function enums(spec) {
  const values = {};
  const terminal = {};
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    if (!Array.isArray(schema.enum)) continue;
    values[name] = schema.enum;
    if (schema['x-terminal-values']) {
      const unknown = schema['x-terminal-values'].filter((v) => !schema.enum.includes(v));
      if (unknown.length) throw new Error(`${name}: x-terminal-values not in the enum: ${unknown.join(', ')}`);
      terminal[name] = schema['x-terminal-values'];
    }
  }
  return { values, terminal };
}

const literal = (value) => JSON.stringify(value, null, 2);
/** One line per entry, so that a spec change shows as a one-line diff. */
const table = (record) =>
  `{\n${Object.entries(record).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`).join('\n')}\n}`;

/** The facts the client needs, derived from the bundled spec. */
export function deriveMetadata(spec) {
  const deref = resolver(spec);
  const ops = operations(spec, deref);
  const { values, terminal } = enums(spec);
  return {
    apiVersion: spec.info.version,
    environments: environments(spec),
    securitySchemes: securitySchemes(spec, ops),
    operations: ops,
    enumValues: values,
    terminalValues: terminal,
  };
}

/** `deriveMetadata` rendered as the TypeScript module src/generated/spec-metadata.ts. */
export function buildMetadata(spec) {
  const m = deriveMetadata(spec);
  return [
    `/** The API version of the spec these files were generated from. */`,
    `export const API_VERSION = ${literal(m.apiVersion)} as const;`,
    '',
    `/** Base URL of each environment, from the spec's servers (x-environment). */`,
    `export const ENVIRONMENTS = ${literal(m.environments)} as const;`,
    '',
    `/** Each bearer security scheme and the operation that issues its tokens (x-token-operation). */`,
    `export const SECURITY_SCHEMES = ${table(m.securitySchemes)} as const;`,
    '',
    `/**`,
    ` * Every operation by operationId. retry: "safe" may always be replayed; "keyed" carries a`,
    ` * clientRequestId (at idempotencyKey) so a replay is answered 409 rather than creating twice;`,
    ` * "unsafe" is replayed only when the server refused it unprocessed (429).`,
    ` */`,
    `export const OPERATIONS = ${table(m.operations)} as const;`,
    '',
    `/** The values of every named enum schema, in spec order. */`,
    `export const ENUM_VALUES = ${table(m.enumValues)} as const;`,
    '',
    `/** The terminal values of the status enums (x-terminal-values). */`,
    `export const TERMINAL_VALUES = ${table(m.terminalValues)} as const;`,
    '',
  ].join('\n');
}
