// Compares two OpenAPI 3.1 documents operation by operation and reports what would break existing
// clients. Operations are matched by method and path shape (`/payments/{}`), so that renaming a
// path parameter is reported as that rather than as one operation removed and another added.
// Webhooks are matched by name; their body and headers, which the API writes and the merchant's
// receiver reads, go through the same schema comparison as a response's.
import {
  escapePointer,
  isObject,
  pointerGet,
  readModel,
  resolvePointer,
  type Json,
  type JsonObject,
  type SpecModel,
  type SpecParameter,
  type SpecWebhook,
} from '@klavi-pay/openapi-runtime';
import { RULES, type Finding, type RuleId, type Severity } from './findings.js';
import { compareSchema, type CompareContext } from './schemas.js';
import { sunsetOf, sunsetPassed } from './sunset.js';

export interface DiffOptions {
  /** The date sunsets are judged against, YYYY-MM-DD. Default: today (UTC). */
  today?: string;
}

interface Operation {
  method: string;
  path: string;
  pointer: string;
  node: JsonObject;
  parameters: readonly SpecParameter[];
}

/** The value when it is a JSON object, else an empty one: a half-edited spec may have anything anywhere. */
const obj = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const paramNames = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** How findings name a webhook: `webhooks.instantPaymentStatusChanged POST`. */
const webhookLabel = (w: SpecWebhook) => `webhooks.${w.name} ${w.method}`;

/** The operations as the spec model reads them (leniently: a differ must read documents the model would refuse). */
function operations(doc: JsonObject, model: SpecModel): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const op of model.operations) {
    found.set(`${op.method} ${shape(op.path)}`, {
      method: op.method,
      path: op.path,
      pointer: op.pointer,
      node: obj(pointerGet(doc, op.pointer)),
      parameters: op.parameters,
    });
  }
  return found;
}

const deref = (doc: JsonObject, pointer: string): { pointer: string; node: JsonObject | undefined } => {
  const target = resolvePointer(doc, pointer);
  const node = pointerGet(doc, target);
  return { pointer: target, node: isObject(node) ? node : undefined };
};

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  pointer: string;
  node: JsonObject;
}

/** The model's parameters (path-item and operation, merged), by `in:name`; path parameters by position. */
function parameters(doc: JsonObject, op: Operation): Map<string, Parameter> {
  const map = new Map<string, Parameter>();
  const pathOrder = paramNames(op.path);
  for (const p of op.parameters) {
    const node = obj(pointerGet(doc, p.pointer));
    const key =
      p.in === 'path'
        ? `path:#${pathOrder.indexOf(p.name)}`
        : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    map.set(key, { name: p.name, in: p.in, required: node.required === true, pointer: p.pointer, node });
  }
  return map;
}

/** An operation's security alternatives (OR), each a map of scheme → scopes (AND); `[]` is anonymous. */
type Alternative = Map<string, Set<string>>;
function security(doc: JsonObject, op: Operation): Alternative[] {
  const declared = op.node.security ?? doc.security;
  const requirements = (Array.isArray(declared) ? declared : []).filter(isObject);
  // No requirement at all means anonymous access, the same as one empty alternative.
  if (requirements.length === 0) return [new Map()];
  return requirements.map(
    (r) =>
      new Map(
        Object.entries(r).map(([scheme, scopes]) => [scheme, new Set(Array.isArray(scopes) ? scopes.map(String) : [])]),
      ),
  );
}
const describeSecurity = (alternatives: Alternative[]) =>
  alternatives
    .map((a) =>
      a.size === 0
        ? '(anonymous)'
        : [...a]
            .map(([scheme, scopes]) => `${scheme}${scopes.size ? `[${[...scopes].sort().join(' ')}]` : ''}`)
            .sort()
            .join(' + '),
    )
    .sort()
    .join(' or ');
/** A client that meets `held` meets `wanted` when wanted asks for no scheme or scope that held does not carry. */
const meets = (held: Alternative, wanted: Alternative) =>
  [...wanted].every(([scheme, scopes]) => held.has(scheme) && [...scopes].every((s) => held.get(scheme)!.has(s)));

/** The server URLs an operation is served at: its own, its path item's, or the document's. */
function servers(doc: JsonObject, op: Operation): Array<{ url: string; pointer: string }> {
  const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf('/'));
  const item = obj(pointerGet(doc, itemPointer));
  const [list, at] = Array.isArray(op.node.servers)
    ? [op.node.servers, `${op.pointer}/servers`]
    : Array.isArray(item.servers)
      ? [item.servers, `${itemPointer}/servers`]
      : [doc.servers, '#/servers'];
  if (!Array.isArray(list) || list.length === 0) return [{ url: '/', pointer: '#' }];
  return (list as Json[]).map((server, i) => ({
    url: String(obj(server).url ?? '/').replace(/\/+$/, '') || '/',
    pointer: `${at}/${i}`,
  }));
}

/** How a parameter is written on the wire; the defaults are the spec's (form for query and cookie, simple otherwise). */
function serialization(p: JsonObject): string {
  const style = typeof p.style === 'string' ? p.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
  return `style=${style} explode=${explode} allowReserved=${p.allowReserved === true}${p.content ? ` content=${Object.keys(obj(p.content)).join(',')}` : ''}`;
}

/** Response headers by lower-cased name, with $refs followed. */
function headers(
  doc: JsonObject,
  response: { pointer: string; node: JsonObject | undefined },
): Map<string, { name: string; pointer: string; node: JsonObject }> {
  const map = new Map<string, { name: string; pointer: string; node: JsonObject }>();
  for (const name of Object.keys(obj(response.node?.headers))) {
    const { pointer, node } = deref(doc, `${response.pointer}/headers/${escapePointer(name)}`);
    if (node) map.set(name.toLowerCase(), { name, pointer, node });
  }
  return map;
}

const media = (node: JsonObject | undefined): string[] => Object.keys(obj(node?.content));

export function diffSpecs(base: JsonObject, head: JsonObject, options: DiffOptions = {}): Finding[] {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const findings = new Map<string, Finding>();
  let operation = '';
  const report = (f: {
    rule: RuleId;
    pointer: string;
    side: 'head' | 'base';
    message: string;
    severity?: Severity;
  }) => {
    // One finding per change: a shared schema reached from many operations lists them all.
    const key = `${f.rule}|${f.side}|${f.pointer}`;
    const existing = findings.get(key);
    if (existing) {
      if (!existing.operations.includes(operation)) existing.operations.push(operation);
      return;
    }
    findings.set(key, {
      rule: f.rule,
      severity: f.severity ?? RULES[f.rule].severity,
      pointer: f.pointer,
      side: f.side,
      message: f.message,
      operations: operation ? [operation] : [],
    });
  };
  const ctx = (): CompareContext => ({ base, head, operation, today, report, seen: new Set() });

  const baseModel = readModel(base, { strict: false });
  const headModel = readModel(head, { strict: false });
  const baseOps = operations(base, baseModel);
  const headOps = operations(head, headModel);
  for (const [key, b] of baseOps) {
    operation = `${b.method} ${b.path}`;
    const h = headOps.get(key);
    if (!h) {
      const sunset = sunsetPassed(b.node, today);
      const announced = sunsetOf(b.node);
      report({
        rule: 'operation-removed',
        pointer: b.pointer,
        side: 'base',
        message: sunset
          ? `${operation} was removed after its sunset date ${sunset}`
          : `${operation}${b.node.operationId ? ` (${String(b.node.operationId)})` : ''} was removed${announced ? `; it is deprecated, but its sunset date ${announced} has not passed` : ''}`,
        ...(sunset ? { severity: 'info' as const } : {}),
      });
      continue;
    }
    operation = `${h.method} ${h.path}`;
    compareOperation(b, h, ctx(), report);
  }
  for (const [key, h] of headOps) {
    if (baseOps.has(key)) continue;
    operation = `${h.method} ${h.path}`;
    report({ rule: 'operation-added', pointer: h.pointer, side: 'head', message: `${operation} was added` });
  }

  // Webhooks, by name and method. A name whose method changed is that, not a removal and an addition.
  const webhookKey = (w: SpecWebhook) => `${w.name} ${w.method}`;
  const baseHooks = baseModel.webhooks;
  const headHooks = headModel.webhooks;
  const baseKeys = new Set(baseHooks.map(webhookKey));
  const headByKey = new Map(headHooks.map((w) => [webhookKey(w), w]));
  const matched = new Set<SpecWebhook>();
  for (const b of baseHooks) {
    let h = headByKey.get(webhookKey(b));
    if (!h) {
      h = headHooks.find((w) => w.name === b.name && !baseKeys.has(webhookKey(w)) && !matched.has(w));
      if (h) {
        operation = webhookLabel(h);
        report({
          rule: 'webhook-method-changed',
          pointer: h.pointer,
          side: 'head',
          message: `webhooks.${b.name} was sent with ${b.method}, is now sent with ${h.method}`,
        });
      }
    }
    if (!h) {
      operation = webhookLabel(b);
      const node = obj(pointerGet(base, b.pointer));
      const sunset = sunsetPassed(node, today);
      const announced = sunsetOf(node);
      report({
        rule: 'webhook-removed',
        pointer: b.pointer,
        side: 'base',
        message: sunset
          ? `${operation} was removed after its sunset date ${sunset}`
          : `${operation}${b.eventName ? ` (${b.eventName})` : ''} was removed: receivers no longer get the event${announced ? `; it is deprecated, but its sunset date ${announced} has not passed` : ''}`,
        ...(sunset ? { severity: 'info' as const } : {}),
      });
      continue;
    }
    matched.add(h);
    operation = webhookLabel(h);
    compareWebhook(b, h, { ...ctx(), webhook: true }, report);
  }
  for (const h of headHooks) {
    if (matched.has(h)) continue;
    operation = webhookLabel(h);
    report({
      rule: 'webhook-added',
      pointer: h.pointer,
      side: 'head',
      message: `${operation}${h.eventName ? ` (${h.eventName})` : ''} was added`,
    });
  }
  compareSecuritySchemes(base, head, headOps, (op) => (operation = op), report);
  return [...findings.values()].sort(
    (x, y) =>
      severityRank(x.severity) - severityRank(y.severity) ||
      x.rule.localeCompare(y.rule) ||
      x.pointer.localeCompare(y.pointer),
  );
}

const severityRank = (s: Severity) => ({ error: 0, warning: 1, info: 2 })[s];

type Report = (f: {
  rule: RuleId;
  pointer: string;
  side: 'head' | 'base';
  message: string;
  severity?: Severity;
}) => void;

function compareOperation(b: Operation, h: Operation, ctx: CompareContext, report: Report): void {
  const { base, head } = ctx;
  const name = ctx.operation;
  if (b.node.operationId !== undefined && b.node.operationId !== h.node.operationId) {
    report({
      rule: 'operation-id-changed',
      pointer: `${h.pointer}/operationId`,
      side: 'head',
      message: `${name}: operationId ${String(b.node.operationId)} is now ${String(h.node.operationId ?? '(none)')}`,
    });
  }
  const bNames = paramNames(b.path);
  const hNames = paramNames(h.path);
  bNames.forEach((param, i) => {
    if (hNames[i] !== param)
      report({
        rule: 'path-parameter-renamed',
        pointer: h.pointer,
        side: 'head',
        message: `${name}: path parameter {${param}} is now {${hNames[i]}}`,
      });
  });

  const bParams = parameters(base, b);
  const hParams = parameters(head, h);
  for (const [key, hp] of hParams) {
    const bp = bParams.get(key);
    if (hp.required && !bp?.required) {
      report({
        rule: 'request-parameter-became-required',
        pointer: hp.pointer,
        side: 'head',
        message: `${name}: ${hp.in} parameter ${hp.name} is ${bp ? 'now required' : 'new and required'}`,
      });
    } else if (!bp) {
      report({
        rule: 'request-parameter-added',
        pointer: hp.pointer,
        side: 'head',
        message: `${name}: optional ${hp.in} parameter ${hp.name} was added`,
      });
    } else if (bp.required && !hp.required) {
      report({
        rule: 'request-parameter-became-optional',
        pointer: hp.pointer,
        side: 'head',
        message: `${name}: ${hp.in} parameter ${hp.name} is now optional`,
      });
    }
    if (!bp) continue;
    if (serialization(bp.node) !== serialization(hp.node)) {
      report({
        rule: 'request-parameter-serialization-changed',
        pointer: hp.pointer,
        side: 'head',
        message: `${name}: ${hp.in} parameter ${hp.name} was sent with ${serialization(bp.node)}, is now ${serialization(hp.node)}`,
      });
    }
    if (bp.node.schema && hp.node.schema)
      compareSchema(`${bp.pointer}/schema`, `${hp.pointer}/schema`, 'request', `${hp.in}.${hp.name}`, ctx);
  }
  for (const [key, bp] of bParams) {
    if (hParams.has(key) || bp.in === 'path') continue;
    const sunset = sunsetPassed(bp.node, ctx.today);
    report({
      rule: 'request-parameter-removed',
      pointer: bp.pointer,
      side: 'base',
      message: `${name}: ${bp.in} parameter ${bp.name} was removed${sunset ? ` after its sunset date ${sunset}` : ''}`,
      ...(sunset ? { severity: 'info' as const } : {}),
    });
  }

  const bBody = b.node.requestBody ? deref(base, `${b.pointer}/requestBody`) : undefined;
  const hBody = h.node.requestBody ? deref(head, `${h.pointer}/requestBody`) : undefined;
  if (hBody?.node?.required === true && bBody?.node?.required !== true) {
    report({
      rule: 'request-body-became-required',
      pointer: `${hBody.pointer}`,
      side: 'head',
      message: `${name}: the request body is ${bBody ? 'now required' : 'new and required'}`,
    });
  } else if (bBody?.node?.required === true && hBody && hBody.node?.required !== true) {
    report({
      rule: 'request-body-became-optional',
      pointer: hBody.pointer,
      side: 'head',
      message: `${name}: the request body is now optional`,
    });
  }
  for (const type of media(hBody?.node)) {
    if (bBody && !media(bBody.node).includes(type))
      report({
        rule: 'request-media-type-added',
        pointer: `${hBody!.pointer}/content/${escapePointer(type)}`,
        side: 'head',
        message: `${name}: the request body also accepts ${type}`,
      });
  }
  for (const type of media(bBody?.node)) {
    if (!hBody || !media(hBody.node).includes(type)) {
      report({
        rule: 'request-media-type-removed',
        pointer: `${bBody!.pointer}/content/${escapePointer(type)}`,
        side: 'base',
        message: `${name}: the request body no longer accepts ${type}`,
      });
    } else {
      compareSchema(
        `${bBody!.pointer}/content/${escapePointer(type)}/schema`,
        `${hBody.pointer}/content/${escapePointer(type)}/schema`,
        'request',
        'body',
        ctx,
      );
    }
  }

  const bResponses = obj(b.node.responses);
  const hResponses = obj(h.node.responses);
  for (const status of Object.keys(bResponses)) {
    if (!Object.hasOwn(hResponses, status)) {
      report({
        rule: 'response-status-removed',
        pointer: `${b.pointer}/responses/${escapePointer(status)}`,
        side: 'base',
        message: `${name}: response ${status} was removed`,
      });
      continue;
    }
    const br = deref(base, `${b.pointer}/responses/${escapePointer(status)}`);
    const hr = deref(head, `${h.pointer}/responses/${escapePointer(status)}`);
    for (const type of media(br.node)) {
      if (!media(hr.node).includes(type)) {
        report({
          rule: 'response-media-type-removed',
          pointer: `${br.pointer}/content/${escapePointer(type)}`,
          side: 'base',
          message: `${name}: response ${status} no longer comes as ${type}`,
        });
      } else {
        compareSchema(
          `${br.pointer}/content/${escapePointer(type)}/schema`,
          `${hr.pointer}/content/${escapePointer(type)}/schema`,
          'response',
          `response ${status}`,
          ctx,
        );
      }
    }
    for (const type of media(hr.node)) {
      if (!media(br.node).includes(type))
        report({
          rule: 'response-media-type-added',
          pointer: `${hr.pointer}/content/${escapePointer(type)}`,
          side: 'head',
          message: `${name}: response ${status} may also come as ${type}`,
        });
    }
    compareHeaders(status, br, hr, ctx, report);
  }
  for (const status of Object.keys(hResponses)) {
    if (!Object.hasOwn(bResponses, status))
      report({
        rule: 'response-status-added',
        pointer: `${h.pointer}/responses/${escapePointer(status)}`,
        side: 'head',
        message: `${name}: response ${status} was added`,
      });
  }

  const bSecurity = security(base, b);
  const hSecurity = security(head, h);
  const stranded = bSecurity.filter((held) => !hSecurity.some((wanted) => meets(held, wanted)));
  const securityAt = h.node.security ? `${h.pointer}/security` : head.security ? '#/security' : h.pointer;
  const securityWords = `security was ${describeSecurity(bSecurity)}, is now ${describeSecurity(hSecurity)}`;
  if (stranded.length > 0) {
    report({
      rule: 'security-changed',
      pointer: securityAt,
      side: 'head',
      message: `${name}: ${securityWords}; clients with ${describeSecurity(stranded)} no longer get in`,
    });
  } else if (describeSecurity(bSecurity) !== describeSecurity(hSecurity)) {
    report({ rule: 'security-relaxed', pointer: securityAt, side: 'head', message: `${name}: ${securityWords}` });
  }

  const bServers = servers(base, b);
  const hServers = servers(head, h);
  for (const server of bServers) {
    if (!hServers.some((s) => s.url === server.url))
      report({
        rule: 'server-removed',
        pointer: server.pointer,
        side: 'base',
        message: `${name} is no longer served at ${server.url}`,
      });
  }
  for (const server of hServers) {
    if (!bServers.some((s) => s.url === server.url))
      report({
        rule: 'server-added',
        pointer: server.pointer,
        side: 'head',
        message: `${name} is also served at ${server.url}`,
      });
  }
  if (h.node.deprecated === true && b.node.deprecated !== true) {
    report({
      rule: 'operation-deprecated',
      pointer: `${h.pointer}/deprecated`,
      side: 'head',
      message: `${name} is deprecated${typeof h.node['x-sunset'] === 'string' ? `, with a sunset on ${h.node['x-sunset']}` : ''}`,
    });
  }
}

/** Response headers are what clients read, so they are judged as responses. */
function compareHeaders(
  status: string,
  br: { pointer: string; node: JsonObject | undefined },
  hr: { pointer: string; node: JsonObject | undefined },
  ctx: CompareContext,
  report: Report,
): void {
  const bHeaders = headers(ctx.base, br);
  const hHeaders = headers(ctx.head, hr);
  const name = ctx.operation;
  for (const [key, bh] of bHeaders) {
    const hh = hHeaders.get(key);
    if (!hh) {
      report({
        rule: 'response-header-removed',
        pointer: bh.pointer,
        side: 'base',
        message: `${name}: response ${status} no longer sends the ${bh.node.required === true ? 'required' : 'optional'} header ${bh.name}`,
        ...(bh.node.required === true ? {} : { severity: 'warning' as const }),
      });
      continue;
    }
    if (bh.node.required === true && hh.node.required !== true)
      report({
        rule: 'response-header-became-optional',
        pointer: hh.pointer,
        side: 'head',
        message: `${name}: response ${status} header ${hh.name} may now be absent`,
      });
    if (bh.node.required !== true && hh.node.required === true)
      report({
        rule: 'response-header-added',
        pointer: hh.pointer,
        side: 'head',
        message: `${name}: response ${status} header ${hh.name} is now always sent`,
      });
    if (bh.node.schema && hh.node.schema)
      compareSchema(
        `${bh.pointer}/schema`,
        `${hh.pointer}/schema`,
        'response',
        `response ${status} header ${hh.name}`,
        ctx,
      );
  }
  for (const [key, hh] of hHeaders) {
    if (!bHeaders.has(key))
      report({
        rule: 'response-header-added',
        pointer: hh.pointer,
        side: 'head',
        message: `${name}: response ${status} now sends the header ${hh.name}`,
      });
  }
}

/**
 * A webhook with the polarity of a response: the API writes its body and headers, the receiver
 * reads them. So its body is compared as a response body (a removed field, a field no longer
 * required, a wider type or a new enum value break receivers; a new field, even a required one,
 * does not), and its headers as response headers.
 */
function compareWebhook(b: SpecWebhook, h: SpecWebhook, ctx: CompareContext, report: Report): void {
  const { base, head } = ctx;
  const name = ctx.operation;
  const bNode = obj(pointerGet(base, b.pointer));
  const hNode = obj(pointerGet(head, h.pointer));

  const bBody = bNode.requestBody ? deref(base, `${b.pointer}/requestBody`) : undefined;
  const hBody = hNode.requestBody ? deref(head, `${h.pointer}/requestBody`) : undefined;
  for (const type of media(bBody?.node)) {
    if (!hBody || !media(hBody.node).includes(type)) {
      report({
        rule: 'webhook-media-type-changed',
        pointer: `${bBody!.pointer}/content/${escapePointer(type)}`,
        side: 'base',
        message: `${name}: the body is no longer sent as ${type}`,
      });
    } else {
      compareSchema(
        `${bBody!.pointer}/content/${escapePointer(type)}/schema`,
        `${hBody.pointer}/content/${escapePointer(type)}/schema`,
        'response',
        'body',
        ctx,
      );
    }
  }
  for (const type of media(hBody?.node)) {
    if (!media(bBody?.node).includes(type))
      report({
        rule: 'webhook-media-type-changed',
        pointer: `${hBody!.pointer}/content/${escapePointer(type)}`,
        side: 'head',
        message: `${name}: the body may now be sent as ${type}, which receivers do not parse`,
      });
  }

  // Header messages do not start with the webhook's name: the signature headers are shared
  // components, and the finding lists every webhook that sends them.
  const byName = (doc: JsonObject, list: readonly SpecParameter[]) =>
    new Map(
      list.map((p) => [
        p.name.toLowerCase(),
        { name: p.name, pointer: p.pointer, node: obj(pointerGet(doc, p.pointer)) },
      ]),
    );
  const bHeaders = byName(base, b.headers);
  const hHeaders = byName(head, h.headers);
  for (const [key, bh] of bHeaders) {
    const hh = hHeaders.get(key);
    const required = bh.node.required === true;
    if (!hh) {
      const sunset = sunsetPassed(bh.node, ctx.today);
      report({
        rule: 'webhook-header-removed',
        pointer: bh.pointer,
        side: 'base',
        message: `the ${required ? 'required' : 'optional'} header ${bh.name} is no longer sent${sunset ? `, after its sunset date ${sunset}` : ''}`,
        ...(sunset ? { severity: 'info' as const } : required ? {} : { severity: 'warning' as const }),
      });
      continue;
    }
    if (required && hh.node.required !== true)
      report({
        rule: 'webhook-header-became-optional',
        pointer: hh.pointer,
        side: 'head',
        message: `the header ${hh.name} may now be absent`,
      });
    if (!required && hh.node.required === true)
      report({
        rule: 'webhook-header-added',
        pointer: hh.pointer,
        side: 'head',
        message: `the header ${hh.name} is now always sent`,
      });
    if (bh.node.schema && hh.node.schema)
      compareSchema(`${bh.pointer}/schema`, `${hh.pointer}/schema`, 'response', `header ${hh.name}`, ctx);
  }
  for (const [key, hh] of hHeaders) {
    if (!bHeaders.has(key))
      report({
        rule: 'webhook-header-added',
        pointer: hh.pointer,
        side: 'head',
        message: `the ${hh.node.required === true ? 'required' : 'optional'} header ${hh.name} is now sent`,
      });
  }
}

/** A security scheme that operations still use, redefined (another type, scheme, flow or location). */
function compareSecuritySchemes(
  base: JsonObject,
  head: JsonObject,
  headOps: Map<string, Operation>,
  at: (op: string) => void,
  report: Report,
): void {
  const schemes = (doc: JsonObject) => obj(obj(doc.components).securitySchemes);
  const bSchemes = schemes(base);
  const hSchemes = schemes(head);
  // What a client must do to authenticate; descriptions and x- extensions do not change that.
  const essentials = (scheme: Json | undefined) => {
    const kept = Object.entries(obj(scheme)).filter(([key]) => key !== 'description' && !key.startsWith('x-'));
    return JSON.stringify(kept.sort(([a], [b]) => a.localeCompare(b)));
  };
  for (const name of Object.keys(bSchemes)) {
    if (!Object.hasOwn(hSchemes, name) || essentials(bSchemes[name]) === essentials(hSchemes[name])) continue;
    const users = [...headOps.values()].filter((op) => security(head, op).some((alternative) => alternative.has(name)));
    for (const op of users) {
      at(`${op.method} ${op.path}`);
      report({
        rule: 'security-changed',
        pointer: `#/components/securitySchemes/${escapePointer(name)}`,
        side: 'head',
        message: `security scheme ${name} was redefined`,
      });
    }
  }
}
