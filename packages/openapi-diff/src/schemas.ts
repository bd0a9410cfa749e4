// Direction-aware comparison of two schemas. A request schema describes what clients send: it must
// not refuse anything it accepted. A response schema describes what clients read: it must not
// produce anything clients could not get before, nor drop what they rely on.
import { escapePointer, pointerGet, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';
import type { Finding, RuleId } from './findings.js';
import { sunsetPassed } from './sunset.js';

export type Direction = 'request' | 'response';

export interface Side {
  doc: JsonObject;
  pointer: string;
}

export interface CompareContext {
  base: JsonObject;
  head: JsonObject;
  operation: string;
  today: string;
  report(finding: Omit<Finding, 'severity' | 'operations'> & { severity?: Finding['severity'] }): void;
  /** Pairs of schemas already compared in this walk: recursive schemas end here. */
  seen: Set<string>;
}

interface View {
  /** Every schema object that applies, with its pointer: the node, its $ref target and allOf members. */
  nodes: Array<{ pointer: string; schema: JsonObject }>;
}

function view(side: Side, seen = new Set<string>()): View {
  const nodes: View['nodes'] = [];
  const visit = (pointer: string) => {
    if (seen.has(pointer)) return;
    seen.add(pointer);
    const schema = pointerGet(side.doc, pointer);
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
    nodes.push({ pointer, schema });
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) visit(schema.$ref);
    if (Array.isArray(schema.allOf)) schema.allOf.forEach((_, i) => visit(`${pointer}/allOf/${i}`));
  };
  visit(side.pointer);
  return { nodes };
}

const first = (v: View, key: string): Json | undefined => v.nodes.find((n) => n.schema[key] !== undefined)?.schema[key];

/** The tightest numeric keyword over every node: the smallest maximum, the largest minimum. */
function bound(v: View, key: 'maxLength' | 'minLength' | 'maximum' | 'minimum'): number | undefined {
  const values = v.nodes.map((n) => n.schema[key]).filter((x): x is number => typeof x === 'number');
  if (values.length === 0) return undefined;
  return key.startsWith('max') ? Math.min(...values) : Math.max(...values);
}

function types(v: View): Set<string> | undefined {
  const declared = first(v, 'type');
  if (declared === undefined) return undefined;
  const set = new Set(Array.isArray(declared) ? (declared as string[]) : [declared as string]);
  // Every integer is a number: a number accepts what an integer did.
  if (set.has('number')) set.add('integer');
  return set;
}

function allowedValues(v: View): Json[] | undefined {
  for (const { schema } of v.nodes) {
    if (schema.const !== undefined) return [schema.const];
    if (Array.isArray(schema.enum)) return schema.enum;
  }
  return undefined;
}

function properties(v: View): Map<string, string> {
  const map = new Map<string, string>();
  for (const { pointer, schema } of v.nodes) {
    for (const key of Object.keys((schema.properties as JsonObject | undefined) ?? {})) {
      if (!map.has(key)) map.set(key, `${pointer}/properties/${escapePointer(key)}`);
    }
  }
  return map;
}

function required(v: View): Set<string> {
  return new Set(v.nodes.flatMap((n) => (Array.isArray(n.schema.required) ? (n.schema.required as string[]) : [])));
}

const closed = (v: View) => v.nodes.some((n) => n.schema.additionalProperties === false || n.schema.unevaluatedProperties === false);
const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);
const list = (values: Json[]) => values.map((x) => JSON.stringify(x)).join(', ');

export function compareSchema(basePointer: string, headPointer: string, direction: Direction, field: string, ctx: CompareContext): void {
  const base: Side = { doc: ctx.base, pointer: basePointer };
  const head: Side = { doc: ctx.head, pointer: headPointer };
  const key = `${base.pointer}|${head.pointer}|${direction}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  const b = view(base);
  const h = view(head);
  if (b.nodes.length === 0 || h.nodes.length === 0) return;
  const at = h.nodes[0]!.pointer;
  const report: Reporter = (rule, message, pointer = at, side = 'head', severity) => ctx.report({ rule, pointer, side, message, ...(severity ? { severity } : {}) });

  const bt = types(b);
  const ht = types(h);
  if (direction === 'request' && ht && (!bt || [...bt].some((t) => !ht.has(t)))) {
    report('request-type-changed', `${field} now accepts ${[...ht].join(' or ')}${bt ? ` where it accepted ${[...bt].join(' or ')}` : ''}`);
  }
  if (direction === 'response' && ht && bt && [...ht].some((t) => !bt.has(t))) {
    report('response-property-type-changed', `${field} may now be ${[...ht].filter((t) => !bt.has(t)).join(' or ')}; clients expect ${[...bt].join(' or ')}`);
  }

  const be = allowedValues(b);
  const he = allowedValues(h);
  if (direction === 'request' && he) {
    const lost = be ? be.filter((x) => !he.some((y) => same(x, y))) : undefined;
    if (!be) report('request-enum-value-removed', `${field} is now restricted to ${list(he)}`);
    else if (lost && lost.length > 0) report('request-enum-value-removed', `${field} no longer accepts ${list(lost)}`);
  }
  if (direction === 'response' && he && be) {
    const added = he.filter((x) => !be.some((y) => same(x, y)));
    if (added.length > 0) report('response-enum-value-added', `${field} may now be ${list(added)}, which existing clients do not handle`);
  }

  if (direction === 'request') {
    // A value already limited to an enum is only tightened if some enum value no longer fits.
    const fitsAll = (test: (value: string) => boolean) => be !== undefined && be.every((value) => typeof value === 'string' && test(value));
    const bp = first(b, 'pattern');
    const hp = first(h, 'pattern');
    if (hp !== undefined && !same(bp, hp) && !fitsAll((value) => new RegExp(String(hp), 'u').test(value))) report('request-pattern-tightened', bp === undefined ? `${field} must now match ${String(hp)}` : `${field}'s pattern changed from ${String(bp)} to ${String(hp)}; values valid before may be refused`);
    const tightened = (keyword: 'maxLength' | 'minLength' | 'maximum' | 'minimum', rule: RuleId, word: string) => {
      const before = bound(b, keyword);
      const after = bound(h, keyword);
      if (after === undefined) return;
      const tighter = keyword.startsWith('max') ? before === undefined || after < before : before === undefined || after > before;
      const length = (value: string) => [...value].length;
      const stillFits = keyword === 'maxLength' ? fitsAll((value) => length(value) <= after) : keyword === 'minLength' ? fitsAll((value) => length(value) >= after) : false;
      if (tighter && !stillFits) report(rule, `${field}'s ${word} is now ${after}${before === undefined ? '' : ` (was ${before})`}`);
    };
    tightened('maxLength', 'request-max-length-decreased', 'maxLength');
    tightened('minLength', 'request-min-length-increased', 'minLength');
    tightened('maximum', 'request-range-narrowed', 'maximum');
    tightened('minimum', 'request-range-narrowed', 'minimum');
  }

  compareObjects(b, h, direction, field, ctx, report);

  const bi = first(b, 'items');
  const hi = first(h, 'items');
  if (bi !== undefined && hi !== undefined) {
    const bItems = b.nodes.find((n) => n.schema.items !== undefined)!.pointer;
    const hItems = h.nodes.find((n) => n.schema.items !== undefined)!.pointer;
    compareSchema(`${bItems}/items`, `${hItems}/items`, direction, `${field}[]`, ctx);
  }
  compareBranches(b, h, direction, field, ctx);
}

type Reporter = (rule: RuleId, message: string, pointer?: string, side?: 'head' | 'base', severity?: Finding['severity']) => void;

function compareObjects(b: View, h: View, direction: Direction, field: string, ctx: CompareContext, report: Reporter): void {
  const bProps = properties(b);
  const hProps = properties(h);
  const bReq = required(b);
  const hReq = required(h);
  const at = h.nodes[0]!.pointer;
  for (const [key, pointer] of bProps) {
    if (hProps.has(key)) continue;
    // A property deprecated with an x-sunset date may go once that date has passed.
    const sunset = sunsetPassed(pointerGet(ctx.base, pointer), ctx.today);
    const severity = sunset ? 'info' : undefined;
    const after = sunset ? ` after its sunset date ${sunset}` : '';
    if (direction === 'response') report('response-property-removed', `${field}.${key} was removed${after}`, pointer, 'base', severity);
    else if (closed(h)) report('request-property-removed', `${field}.${key} was removed${after}, and ${field} refuses unknown properties: clients that send it will be refused`, pointer, 'base', severity);
  }
  for (const [key, pointer] of hProps) {
    if (bProps.has(key)) continue;
    if (direction === 'request' && hReq.has(key)) continue; // reported below as newly required
    report(direction === 'request' ? 'request-property-added' : 'response-property-added', `${field}.${key} was added`, pointer);
  }
  if (direction === 'request') {
    for (const key of hReq) if (!bReq.has(key)) report('request-property-became-required', `${field}.${key} is now required${bProps.has(key) ? '' : ' (a new property)'}`, hProps.get(key) ?? at);
  } else {
    for (const key of bReq) if (!hReq.has(key) && hProps.has(key)) report('response-required-removed', `${field}.${key} is no longer required: clients that read it may find nothing`, hProps.get(key)!);
  }
  for (const [key, pointer] of bProps) {
    const other = hProps.get(key);
    if (other) compareSchema(pointer, other, direction, `${field}.${key}`, ctx);
  }
}

/** oneOf/anyOf branches, paired by discriminator tag when both sides map them, else by position. */
function compareBranches(b: View, h: View, direction: Direction, field: string, ctx: CompareContext): void {
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const bn = b.nodes.find((n) => Array.isArray(n.schema[keyword]));
    const hn = h.nodes.find((n) => Array.isArray(n.schema[keyword]));
    if (!bn || !hn) continue;
    const bMap = ((bn.schema.discriminator as JsonObject | undefined)?.mapping ?? {}) as Record<string, string>;
    const hMap = ((hn.schema.discriminator as JsonObject | undefined)?.mapping ?? {}) as Record<string, string>;
    const index = (node: { schema: JsonObject }, target: string) => (node.schema[keyword] as JsonObject[]).findIndex((s) => s.$ref === target);
    const pairs: Array<[number, number, string]> = [];
    const tags = Object.keys(bMap).filter((t) => t in hMap);
    if (tags.length > 0) for (const tag of tags) pairs.push([index(bn, bMap[tag]!), index(hn, hMap[tag]!), tag]);
    else (bn.schema[keyword] as Json[]).forEach((_, i) => i < (hn.schema[keyword] as Json[]).length && pairs.push([i, i, String(i)]));
    for (const [i, j, tag] of pairs) {
      if (i < 0 || j < 0) continue;
      compareSchema(`${bn.pointer}/${keyword}/${i}`, `${hn.pointer}/${keyword}/${j}`, direction, `${field}<${tag}>`, ctx);
    }
  }
}
