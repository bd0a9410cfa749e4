// Compares two OpenAPI 3.1 documents operation by operation and reports what would break existing
// clients. Operations are matched by method and path shape (`/payments/{}`), so that renaming a
// path parameter is reported as that rather than as one operation removed and another added.
import { escapePointer, pointerGet, readModel, resolvePointer, type Json, type JsonObject, type SpecParameter } from '@klavi-pay/openapi-runtime';
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
  parameters: SpecParameter[];
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const paramNames = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** The operations as the spec model reads them, leniently: a differ must read documents the model would refuse. */
function operations(doc: JsonObject): Map<string, Operation> {
  const found = new Map<string, Operation>();
  for (const op of readModel(doc, { strict: false }).operations) {
    found.set(`${op.method} ${shape(op.path)}`, { method: op.method, path: op.path, pointer: op.pointer, node: pointerGet(doc, op.pointer) as JsonObject, parameters: op.parameters });
  }
  return found;
}

const deref = (doc: JsonObject, pointer: string): { pointer: string; node: JsonObject | undefined } => {
  const target = resolvePointer(doc, pointer);
  const node = pointerGet(doc, target);
  return { pointer: target, node: node && typeof node === 'object' && !Array.isArray(node) ? node : undefined };
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
    const node = pointerGet(doc, p.pointer) as JsonObject;
    const key = p.in === 'path' ? `path:#${pathOrder.indexOf(p.name)}` : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    map.set(key, { name: p.name, in: p.in, required: node.required === true, pointer: p.pointer, node });
  }
  return map;
}

/** An operation's security requirements, normalised: a sorted list of `scheme[scopes]` alternatives. */
function security(doc: JsonObject, op: Operation): string[] {
  const requirements = (op.node.security ?? doc.security ?? []) as JsonObject[];
  return requirements
    .map((r) =>
      Object.entries(r)
        .map(([scheme, scopes]) => `${scheme}[${[...((scopes as string[]) ?? [])].sort().join(' ')}]`)
        .sort()
        .join(' + ') || '(anonymous)',
    )
    .sort();
}

const media = (node: JsonObject | undefined): string[] => Object.keys((node?.content ?? {}) as JsonObject);

export function diffSpecs(base: JsonObject, head: JsonObject, options: DiffOptions = {}): Finding[] {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const findings = new Map<string, Finding>();
  let operation = '';
  const report = (f: { rule: RuleId; pointer: string; side: 'head' | 'base'; message: string; severity?: Severity }) => {
    // One finding per change: a shared schema reached from many operations lists them all.
    const key = `${f.rule}|${f.side}|${f.pointer}`;
    const existing = findings.get(key);
    if (existing) {
      if (!existing.operations.includes(operation)) existing.operations.push(operation);
      return;
    }
    findings.set(key, { rule: f.rule, severity: f.severity ?? RULES[f.rule].severity, pointer: f.pointer, side: f.side, message: f.message, operations: operation ? [operation] : [] });
  };
  const ctx = (): CompareContext => ({ base, head, operation, today, report, seen: new Set() });

  const baseOps = operations(base);
  const headOps = operations(head);
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
  compareSecuritySchemes(base, head, headOps, (op) => (operation = op), report);
  return [...findings.values()].sort((x, y) => severityRank(x.severity) - severityRank(y.severity) || x.rule.localeCompare(y.rule) || x.pointer.localeCompare(y.pointer));
}

const severityRank = (s: Severity) => ({ error: 0, warning: 1, info: 2 })[s];

type Report = (f: { rule: RuleId; pointer: string; side: 'head' | 'base'; message: string; severity?: Severity }) => void;

function compareOperation(b: Operation, h: Operation, ctx: CompareContext, report: Report): void {
  const { base, head } = ctx;
  const name = ctx.operation;
  if (b.node.operationId !== undefined && b.node.operationId !== h.node.operationId) {
    report({ rule: 'operation-id-changed', pointer: `${h.pointer}/operationId`, side: 'head', message: `${name}: operationId ${String(b.node.operationId)} is now ${String(h.node.operationId ?? '(none)')}` });
  }
  const bNames = paramNames(b.path);
  const hNames = paramNames(h.path);
  bNames.forEach((param, i) => {
    if (hNames[i] !== param) report({ rule: 'path-parameter-renamed', pointer: h.pointer, side: 'head', message: `${name}: path parameter {${param}} is now {${hNames[i]}}` });
  });

  const bParams = parameters(base, b);
  const hParams = parameters(head, h);
  for (const [key, hp] of hParams) {
    const bp = bParams.get(key);
    if (hp.required && (!bp || !bp.required)) {
      report({ rule: 'request-parameter-became-required', pointer: hp.pointer, side: 'head', message: `${name}: ${hp.in} parameter ${hp.name} is ${bp ? 'now required' : 'new and required'}` });
    }
    if (bp && bp.node.schema && hp.node.schema) compareSchema(`${bp.pointer}/schema`, `${hp.pointer}/schema`, 'request', `${hp.in}.${hp.name}`, ctx);
  }
  for (const [key, bp] of bParams) {
    if (hParams.has(key) || bp.in === 'path') continue;
    const sunset = sunsetPassed(bp.node, ctx.today);
    report({ rule: 'request-parameter-removed', pointer: bp.pointer, side: 'base', message: `${name}: ${bp.in} parameter ${bp.name} was removed${sunset ? ` after its sunset date ${sunset}` : ''}`, ...(sunset ? { severity: 'info' as const } : {}) });
  }

  const bBody = b.node.requestBody ? deref(base, `${b.pointer}/requestBody`) : undefined;
  const hBody = h.node.requestBody ? deref(head, `${h.pointer}/requestBody`) : undefined;
  if (hBody?.node?.required === true && bBody?.node?.required !== true) {
    report({ rule: 'request-body-became-required', pointer: `${hBody.pointer}`, side: 'head', message: `${name}: the request body is ${bBody ? 'now required' : 'new and required'}` });
  }
  for (const type of media(bBody?.node)) {
    if (!hBody || !media(hBody.node).includes(type)) {
      report({ rule: 'request-media-type-removed', pointer: `${bBody!.pointer}/content/${escapePointer(type)}`, side: 'base', message: `${name}: the request body no longer accepts ${type}` });
    } else {
      compareSchema(`${bBody!.pointer}/content/${escapePointer(type)}/schema`, `${hBody.pointer}/content/${escapePointer(type)}/schema`, 'request', 'body', ctx);
    }
  }

  const bResponses = (b.node.responses ?? {}) as JsonObject;
  const hResponses = (h.node.responses ?? {}) as JsonObject;
  for (const status of Object.keys(bResponses)) {
    if (!(status in hResponses)) {
      report({ rule: 'response-status-removed', pointer: `${b.pointer}/responses/${escapePointer(status)}`, side: 'base', message: `${name}: response ${status} was removed` });
      continue;
    }
    const br = deref(base, `${b.pointer}/responses/${escapePointer(status)}`);
    const hr = deref(head, `${h.pointer}/responses/${escapePointer(status)}`);
    for (const type of media(br.node)) {
      if (!media(hr.node).includes(type)) {
        report({ rule: 'response-media-type-removed', pointer: `${br.pointer}/content/${escapePointer(type)}`, side: 'base', message: `${name}: response ${status} no longer comes as ${type}` });
      } else {
        compareSchema(`${br.pointer}/content/${escapePointer(type)}/schema`, `${hr.pointer}/content/${escapePointer(type)}/schema`, 'response', `response ${status}`, ctx);
      }
    }
  }
  for (const status of Object.keys(hResponses)) {
    if (!(status in bResponses)) report({ rule: 'response-status-added', pointer: `${h.pointer}/responses/${escapePointer(status)}`, side: 'head', message: `${name}: response ${status} was added` });
  }

  const bSecurity = security(base, b);
  const hSecurity = security(head, h);
  if (JSON.stringify(bSecurity) !== JSON.stringify(hSecurity)) {
    report({
      rule: 'security-changed',
      pointer: h.node.security ? `${h.pointer}/security` : h.pointer,
      side: 'head',
      message: `${name}: security was ${bSecurity.join(' or ') || 'none'}, is now ${hSecurity.join(' or ') || 'none'}`,
    });
  }
}

/** A security scheme that operations still use, redefined (another type, scheme, flow or location). */
function compareSecuritySchemes(base: JsonObject, head: JsonObject, headOps: Map<string, Operation>, at: (op: string) => void, report: Report): void {
  const schemes = (doc: JsonObject) => ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as JsonObject;
  const bSchemes = schemes(base);
  const hSchemes = schemes(head);
  // What a client must do to authenticate; descriptions and x- extensions do not change that.
  const essentials = (scheme: Json | undefined) => {
    const kept = Object.entries((scheme ?? {}) as JsonObject).filter(([key]) => key !== 'description' && !key.startsWith('x-'));
    return JSON.stringify(kept.sort(([a], [b]) => a.localeCompare(b)));
  };
  for (const name of Object.keys(bSchemes)) {
    if (!(name in hSchemes) || essentials(bSchemes[name]) === essentials(hSchemes[name])) continue;
    const users = [...headOps.values()].filter((op) => security(head, op).some((s) => s.split(' + ').some((part) => part.startsWith(`${name}[`))));
    for (const op of users) {
      at(`${op.method} ${op.path}`);
      report({ rule: 'security-changed', pointer: `#/components/securitySchemes/${escapePointer(name)}`, side: 'head', message: `security scheme ${name} was redefined` });
    }
  }
}
