// Renders the client's runtime metadata, taken from the spec model, as TypeScript. The model and
// this file fail loudly on a spec shape they do not understand, so that a spec change cannot
// silently produce a client that authenticates or retries the wrong way.

function environments(model) {
  if (model.servers.length === 0) throw new Error('the spec declares no servers');
  return Object.fromEntries(
    model.servers.map((server) => {
      if (!server.environment) throw new Error(`server ${server.url} has no x-environment`);
      return [server.environment, server.url.replace(/\/+$/, '')];
    }),
  );
}

function operations(model) {
  const result = {};
  for (const op of model.operations) {
    if (op.securityRequirements.length > 1 || (op.securityRequirements[0]?.length ?? 0) > 1) {
      throw new Error(`${op.operationId}: the client supports one security scheme per operation`);
    }
    result[op.operationId] = {
      method: op.method,
      path: op.path,
      security: op.security,
      retry: op.retry,
      idempotencyKey: op.idempotencyKey,
    };
  }
  return result;
}

function securitySchemes(model, ops) {
  const result = {};
  for (const [name, scheme] of Object.entries(model.securitySchemes)) {
    if (!scheme.tokenOperation || !ops[scheme.tokenOperation]) {
      throw new Error(`security scheme ${name} needs an x-token-operation naming an operation of the spec`);
    }
    result[name] = { tokenOperation: scheme.tokenOperation, tokenPath: ops[scheme.tokenOperation].path };
  }
  return result;
}

function terminalValues(model) {
  return Object.fromEntries(
    Object.entries(model.stateMachines)
      .filter(([, m]) => m.terminal.length > 0)
      .map(([name, m]) => [name, m.terminal]),
  );
}

const literal = (value) => JSON.stringify(value, null, 2);
/** One line per entry, so that a spec change shows as a one-line diff. */
const tableOf = (record, render) =>
  `{\n${Object.entries(record)
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${render(key, value)},`)
    .join('\n')}\n}`;
const statusConst = (name) => `${name}Values`;
const table = (record) => tableOf(record, (_key, value) => JSON.stringify(value));

/** The facts the client needs, projected from the spec model the spec package publishes (@klavi-pay/spec/model). */
export function deriveMetadata(model) {
  const ops = operations(model);
  return {
    apiVersion: model.apiVersion,
    environments: environments(model),
    securitySchemes: securitySchemes(model, ops),
    operations: ops,
    enumValues: model.enums,
    statusValues: Object.fromEntries(Object.keys(terminalValues(model)).map((name) => [name, model.enums[name]])),
    terminalValues: terminalValues(model),
  };
}

/** `deriveMetadata` rendered as the TypeScript module src/generated/spec-metadata.ts. */
export function buildMetadata(model) {
  const m = deriveMetadata(model);
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
    // Each status enum is its own constant, referenced by name: a property read would keep
    // ENUM_VALUES in every bundle, since a bundler cannot prove it has no side effect.
    ...Object.entries(m.statusValues).map(
      ([name, values]) => `const ${statusConst(name)} = ${JSON.stringify(values)} as const;`,
    ),
    '',
    `/** The values of the status enums, those with a state machine: what polling checks \`until\` against. */`,
    `export const STATUS_VALUES = ${tableOf(m.statusValues, (key) => statusConst(key))} as const;`,
    '',
    `/** The values of every named enum schema, in spec order. */`,
    `export const ENUM_VALUES = ${tableOf(m.enumValues, (key, value) => (key in m.statusValues ? statusConst(key) : JSON.stringify(value)))} as const;`,
    '',
    `/** The terminal values of the status enums (x-terminal-values). */`,
    `export const TERMINAL_VALUES = ${table(m.terminalValues)} as const;`,
    '',
  ].join('\n');
}
