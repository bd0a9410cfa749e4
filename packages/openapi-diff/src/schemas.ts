// Direction-aware comparison of two schemas. A request schema describes what clients send: it must
// not refuse anything it accepted. A response schema describes what clients read: it must not
// produce anything clients could not get before, nor drop what they rely on. So each constraint is
// judged as tighter or looser, and the direction says which of the two breaks clients.
import {
  escapePointer,
  isObject,
  itemNodes,
  LOWER_BOUNDS,
  mergeSchemas,
  pointerGet,
  propertyNodes,
  sameJson,
  schemaNodes,
  schemaObjects,
  UPPER_BOUNDS,
  type BoundKeyword,
  type Json,
  type JsonObject,
  type MergedSchema,
  type SchemaNode,
  type SchemaObjectNode,
} from '@klavi-pay/openapi-runtime';
import type { Finding, RuleId, Severity } from './findings.js';
import { patternRelation, type Relation } from './patterns.js';
import { sunsetPassed } from './sunset.js';

export type Direction = 'request' | 'response';

export interface CompareContext {
  base: JsonObject;
  head: JsonObject;
  operation: string;
  today: string;
  report(finding: Omit<Finding, 'severity' | 'operations'> & { severity?: Severity }): void;
  /** Pairs of schemas already compared in this walk: recursive schemas end here. */
  seen: Set<string>;
  /**
   * The walk is a webhook's body or header: judged as a response (the API writes it, the receiver
   * reads it), except that a new enum value is `webhook-enum-value-added`, an error. A client that
   * meets an unknown value can read again once it is updated; a receiver that refuses a delivery
   * gets it retried a few times, and then the event is lost.
   */
  webhook?: boolean;
}

export interface CompareOptions {
  /**
   * The instance is closed by an enclosing schema's `unevaluatedProperties: false`, which also
   * sees the properties of oneOf/anyOf branches and if/then: a branch that loses a property makes
   * the enclosing schema refuse it.
   */
  closedByParent?: boolean;
}

/** Stands for the schema `{}` (anything) on one side: a conditional or property that is new or gone. */
export const ANYTHING = '∅';

/**
 * Every schema that applies at one place, with what they allow together: @klavi-pay/openapi-runtime's
 * schema view, so `$ref` and `allOf` mean here what they mean to Ajv (enums intersect, required
 * unites, bounds take the tightest). A property declared in several allOf members is one view of
 * all its declarations.
 */
interface View {
  /** Identifies the view in `seen`: its pointers. */
  key: string;
  nodes: SchemaNode[];
  /** The nodes that are schema objects, with their pointers. */
  objects: SchemaObjectNode[];
  merged: MergedSchema;
  anything: boolean;
}

/**
 * The merged schemas of a document by the pointers of their nodes: a schema used in many places
 * (an Amount, a status enum) is reached again and again, and merged once.
 */
const mergedByDoc = new WeakMap<JsonObject, Map<string, MergedSchema>>();

function mergedOf(doc: JsonObject | undefined, nodes: SchemaNode[]): MergedSchema {
  if (!doc) return mergeSchemas(nodes);
  let merged = mergedByDoc.get(doc);
  if (!merged) {
    merged = new Map();
    mergedByDoc.set(doc, merged);
  }
  const key = nodes.map((n) => n.pointer).join('\n');
  let found = merged.get(key);
  if (!found) {
    found = mergeSchemas(nodes);
    merged.set(key, found);
  }
  return found;
}

/** A schema's nodes by document and pointer, read once: resolving a pointer decodes it each time. */
const nodesByDoc = new WeakMap<JsonObject, Map<string, SchemaNode[]>>();

function nodesOf(doc: JsonObject, pointer: string): SchemaNode[] {
  let nodes = nodesByDoc.get(doc);
  if (!nodes) {
    nodes = new Map();
    nodesByDoc.set(doc, nodes);
  }
  let found = nodes.get(pointer);
  if (!found) {
    found = schemaNodes(doc, pointer);
    nodes.set(pointer, found);
  }
  return found;
}

function viewOf(doc: JsonObject | undefined, key: string, nodes: SchemaNode[]): View {
  return { key, nodes, objects: schemaObjects(nodes), merged: mergedOf(doc, nodes), anything: false };
}

function view(doc: JsonObject, pointer: string): View {
  if (pointer === ANYTHING) return { ...viewOf(undefined, pointer, [{ pointer, schema: {} }]), anything: true };
  return viewOf(doc, pointer, nodesOf(doc, pointer));
}

/** The view of property `key`: every declaration of it. */
function propertyView(doc: JsonObject, v: View, key: string): View {
  const nodes = propertyNodes(doc, v.objects, key, (pointer) => nodesOf(doc, pointer));
  return viewOf(
    doc,
    v.objects
      .filter((n) => isObject(n.schema.properties) && Object.hasOwn(n.schema.properties, key))
      .map((n) => `${n.pointer}/properties/${escapePointer(key)}`)
      .join(' & '),
    nodes,
  );
}

/** The view of the items, or "anything" when no node limits them. */
function itemsView(doc: JsonObject, v: View): View {
  const nodes = itemNodes(doc, v.objects, (pointer) => nodesOf(doc, pointer));
  if (nodes.length === 0) return view(doc, ANYTHING);
  return viewOf(
    doc,
    v.objects
      .filter((n) => n.schema.items !== undefined)
      .map((n) => `${n.pointer}/items`)
      .join(' & '),
    nodes,
  );
}

/** Annotations and the keywords not merged (multipleOf, default): the first one written. */
const first = (v: View, key: string): Json | undefined =>
  v.objects.find((n) => n.schema[key] !== undefined)?.schema[key];
const firstAt = (v: View, key: string): string | undefined =>
  v.objects.find((n) => n.schema[key] !== undefined)?.pointer;
const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);
const list = (values: Json[]) => values.map((x) => JSON.stringify(x)).join(', ');

function boundRelation(key: BoundKeyword, base: number | undefined, head: number | undefined): Relation {
  if (base === head) return 'same';
  const upper = (UPPER_BOUNDS as readonly string[]).includes(key);
  if (head === undefined) return 'looser';
  if (base === undefined) return 'tighter';
  return (upper ? head < base : head > base) ? 'tighter' : 'looser';
}

/** multipleOf: every multiple of 0.02 is a multiple of 0.01, so 0.01 → 0.02 tightens and 0.02 → 0.01 loosens. */
function multipleRelation(base: number | undefined, head: number | undefined): Relation {
  if (base === head) return 'same';
  if (head === undefined) return 'looser';
  if (base === undefined) return 'tighter';
  const divides = (a: number, b: number) => Math.abs(b / a - Math.round(b / a)) < 1e-9;
  if (divides(base, head)) return 'tighter';
  if (divides(head, base)) return 'looser';
  return 'both';
}

function types(v: View): Set<string> | undefined {
  const declared = v.merged.types;
  if (declared === undefined) return undefined;
  const set = new Set(declared);
  // Every integer is a number: a number accepts what an integer did.
  if (set.has('number')) set.add('integer');
  return set;
}

function setRelation<T>(
  base: Set<T> | undefined,
  head: Set<T> | undefined,
  equal: (a: T, b: T) => boolean = (a, b) => a === b,
): Relation {
  if (!base && !head) return 'same';
  if (!head) return 'looser';
  if (!base) return 'tighter';
  const lost = [...base].some((x) => ![...head].some((y) => equal(x, y)));
  const gained = [...head].some((y) => ![...base].some((x) => equal(x, y)));
  return lost && gained ? 'both' : lost ? 'tighter' : gained ? 'looser' : 'same';
}

/** The values allowed: none at all when no value satisfies the view (the schema `false`). */
const allowedValues = (v: View): Json[] | undefined => (v.merged.impossible ? [] : v.merged.values);

/** Where each property is declared first: a finding about it points there. */
function properties(v: View): Map<string, string> {
  const map = new Map<string, string>();
  for (const key of v.merged.properties) {
    const declared = v.objects.find((n) => isObject(n.schema.properties) && Object.hasOwn(n.schema.properties, key));
    if (declared) map.set(key, `${declared.pointer}/properties/${escapePointer(key)}`);
  }
  return map;
}

const closesBranches = (v: View) => v.objects.some((n) => n.schema.unevaluatedProperties === false);

/** Every pattern applies, so a value set is judged against all of them. */
function patternsRelation(base: string[], head: string[]): Relation {
  if (base.length <= 1 && head.length <= 1) return patternRelation(base[0], head[0]);
  // A pattern is implied by the other side when one of its patterns accepts no more than it does.
  const implied = (pattern: string, by: string[]) =>
    by.some((other) => ['same', 'looser'].includes(patternRelation(other, pattern)));
  const tighter = head.some((p) => !implied(p, base));
  const looser = base.some((p) => !implied(p, head));
  return tighter && looser ? 'both' : tighter ? 'tighter' : looser ? 'looser' : 'same';
}

/** A pattern that does not compile matches nothing: it proves no enum value fits. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

type Reporter = (rule: RuleId, message: string, pointer?: string, side?: 'head' | 'base', severity?: Severity) => void;

export function compareSchema(
  basePointer: string,
  headPointer: string,
  direction: Direction,
  field: string,
  ctx: CompareContext,
  options: CompareOptions = {},
): void {
  compareViews(view(ctx.base, basePointer), view(ctx.head, headPointer), direction, field, ctx, options);
}

function compareViews(
  b: View,
  h: View,
  direction: Direction,
  field: string,
  ctx: CompareContext,
  options: CompareOptions = {},
): void {
  const key = `${b.key}|${h.key}|${direction}|${options.closedByParent ? 'closed' : ''}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  if (b.nodes.length === 0 || h.nodes.length === 0) return;
  // Two schemas that no value satisfies accept, and send, the same: nothing.
  if (b.merged.impossible && h.merged.impossible) return;
  // A finding lands on the head's schema; when the head side is "anything" (a conditional that is
  // gone), on the base's.
  const onBase = h.anything;
  const at = onBase ? b.nodes[0]!.pointer : h.nodes[0]!.pointer;
  const report: Reporter = (rule, message, pointer = at, side = onBase ? 'base' : 'head', severity) =>
    ctx.report({ rule, pointer, side, message, ...(severity ? { severity } : {}) });

  compareConstraints(b, h, direction, field, report, ctx.webhook === true);
  // Against a schema no value satisfies, the finding about its values says it all.
  if (b.merged.impossible || h.merged.impossible) return;
  compareObjects(b, h, direction, field, ctx, report, options);

  const bItems = itemsView(ctx.base, b);
  const hItems = itemsView(ctx.head, h);
  if (!bItems.anything || !hItems.anything) compareViews(bItems, hItems, direction, `${field}[]`, ctx);
  const closed = options.closedByParent === true || closesBranches(b) || closesBranches(h);
  compareBranches(b, h, direction, field, ctx, report, closed);
  compareConditionals(b, h, direction, field, ctx, closed);
}

/** Type, enum/const, bounds, multipleOf, pattern, format, uniqueItems and default. */
function compareConstraints(
  b: View,
  h: View,
  direction: Direction,
  field: string,
  report: Reporter,
  webhook: boolean,
): void {
  // A constraint is reported where its keyword is written (the head's, or the base's when the head
  // dropped it), so a shared schema's change is one finding, placed in that schema's file.
  const where = (keyword: string): [string | undefined, 'head' | 'base' | undefined] => {
    const inHead = firstAt(h, keyword);
    if (inHead !== undefined) return [`${inHead}/${escapePointer(keyword)}`, 'head'];
    const inBase = firstAt(b, keyword);
    return inBase !== undefined ? [`${inBase}/${escapePointer(keyword)}`, 'base'] : [undefined, undefined];
  };
  const REFUSED = 'values valid before may be refused';
  const RECEIVED = 'clients may now receive values they could not before';
  const judge = (relation: Relation, requestRule: RuleId, responseRule: RuleId, what: string, keyword: string) => {
    if (relation === 'same') return;
    const [pointer, side] = where(keyword);
    const say = (rule: RuleId, consequence: string) =>
      report(rule, `${field}: ${what}${consequence ? `; ${consequence}` : ''}`, pointer, side);
    if (direction === 'request') {
      if (relation === 'looser') say('request-constraint-loosened', 'more values are accepted');
      else say(requestRule, REFUSED);
    } else if (relation === 'tighter')
      say('response-constraint-tightened', 'clients receive values within tighter limits');
    else say(responseRule, RECEIVED);
  };

  const impossible = b.merged.impossible || h.merged.impossible;
  const bt = types(b);
  const ht = types(h);
  const typeRelation = setRelation(bt, ht);
  const typeWords = `type ${bt ? [...bt].filter((t) => !(t === 'integer' && bt.has('number'))).join(' or ') : 'any'} → ${ht ? [...ht].filter((t) => !(t === 'integer' && ht.has('number'))).join(' or ') : 'any'}`;
  if (!impossible) judge(typeRelation, 'request-type-changed', 'response-property-type-changed', typeWords, 'type');

  // The values each side allows; a side no value satisfies allows none, so the change is
  // judged like any enum's: every value of the other side is lost or gained.
  const be = allowedValues(b);
  const he = allowedValues(h);
  const enumRelation = setRelation(be ? new Set(be) : undefined, he ? new Set(he) : undefined, sameJson);
  if (enumRelation !== 'same') {
    const [ep, es] = where(firstAt(h, 'const') !== undefined || firstAt(b, 'const') !== undefined ? 'const' : 'enum');
    const lost = be && he ? be.filter((x) => !he.some((y) => sameJson(x, y))) : [];
    const gained = be && he ? he.filter((x) => !be.some((y) => sameJson(x, y))) : [];
    if (direction === 'request') {
      if (!be)
        report(
          'request-enum-value-removed',
          he!.length > 0 ? `${field} is now restricted to ${list(he!)}` : `${field} now accepts no value`,
          ep,
          es,
        );
      else if (lost.length > 0)
        report('request-enum-value-removed', `${field} no longer accepts ${list(lost)}`, ep, es);
      if (!he)
        report(
          'request-constraint-loosened',
          be!.length > 0
            ? `${field} is no longer limited to ${list(be!)}`
            : `${field} accepted no value, and now accepts any`,
          ep,
          es,
        );
      else if (gained.length > 0)
        report('request-enum-value-added', `${field} now also accepts ${list(gained)}`, ep, es);
    } else if (be?.length === 1 && he && he.length > 0 && !he.some((y) => sameJson(y, be[0]))) {
      report('response-const-changed', `${field} is now ${list(he)} where clients read ${list(be)}`, ep, es);
    } else {
      if (!he)
        report(
          'response-constraint-loosened',
          be!.length > 0
            ? `${field} is no longer limited to ${list(be!)}`
            : `${field} could have no value, and now may have any`,
          ep,
          es,
        );
      else if (gained.length > 0 && webhook)
        report(
          'webhook-enum-value-added',
          `${field} may now be ${list(gained)}, which receivers do not handle: a delivery they refuse is retried, then lost`,
          ep,
          es,
        );
      else if (gained.length > 0)
        report(
          'response-enum-value-added',
          `${field} may now be ${list(gained)}, which existing clients do not handle`,
          ep,
          es,
        );
      if (!be)
        report(
          'response-constraint-tightened',
          he!.length > 0 ? `${field} is now limited to ${list(he!)}` : `${field} can no longer have any value`,
          ep,
          es,
        );
      else if (lost.length > 0) report('response-constraint-tightened', `${field} is no longer ${list(lost)}`, ep, es);
    }
  }
  if (impossible) return;

  // A value limited to an enum only changes if some of its values fall on the other side of the
  // new limit: the base's values for a request, the head's for a response.
  const limitedTo = direction === 'request' ? be : he;
  const fitsAll = (test: (value: string) => boolean) =>
    limitedTo?.every((value) => typeof value === 'string' && test(value));
  const length = (value: string) => [...value].length;

  // Every pattern applies: a value must match all of them.
  const bp = b.merged.patterns;
  const hp = h.merged.patterns;
  if (bp.length !== hp.length || bp.some((p) => !hp.includes(p))) {
    const relation = patternsRelation(bp, hp);
    const strict = direction === 'request' ? hp : bp;
    const moot = strict.length > 0 && fitsAll((value) => strict.every((p) => matches(p, value)));
    const [bw, hw] = [bp.join(' and '), hp.join(' and ')];
    const words =
      bp.length === 0
        ? `must now match ${hw}`
        : hp.length === 0
          ? `no longer has the pattern ${bw}`
          : `pattern ${bw} → ${hw}${relation === 'unknown' ? ' (inclusion could not be decided)' : ''}`;
    if (!moot)
      judge(
        relation === 'unknown' ? 'both' : relation,
        'request-pattern-tightened',
        'response-constraint-loosened',
        words,
        'pattern',
      );
  }

  for (const keyword of [...UPPER_BOUNDS, ...LOWER_BOUNDS]) {
    const before = b.merged.bounds[keyword];
    const after = h.merged.bounds[keyword];
    const relation = boundRelation(keyword, before, after);
    if (relation === 'same') continue;
    const limit = direction === 'request' ? after : before;
    const moot =
      limit !== undefined &&
      (keyword === 'maxLength'
        ? fitsAll((value) => length(value) <= limit)
        : keyword === 'minLength'
          ? fitsAll((value) => length(value) >= limit)
          : false);
    if (moot) continue;
    const rule: RuleId =
      keyword === 'maxLength'
        ? 'request-max-length-decreased'
        : keyword === 'minLength'
          ? 'request-min-length-increased'
          : keyword.endsWith('imum')
            ? 'request-range-narrowed'
            : 'request-constraint-tightened';
    judge(
      relation,
      rule,
      'response-constraint-loosened',
      `${keyword} ${before ?? 'none'} → ${after ?? 'none'}`,
      keyword,
    );
  }

  // multipleOf is not merged (no schema of ours has two): the first one written is compared.
  const positive = (value: Json | undefined) => (typeof value === 'number' && value > 0 ? value : undefined);
  const bm = positive(first(b, 'multipleOf'));
  const hm = positive(first(h, 'multipleOf'));
  judge(
    multipleRelation(bm, hm),
    'request-constraint-tightened',
    'response-constraint-loosened',
    `multipleOf ${bm ?? 'none'} → ${hm ?? 'none'}`,
    'multipleOf',
  );

  const bu = b.objects.some((n) => n.schema.uniqueItems === true);
  const hu = h.objects.some((n) => n.schema.uniqueItems === true);
  if (bu !== hu)
    judge(
      hu ? 'tighter' : 'looser',
      'request-constraint-tightened',
      'response-constraint-loosened',
      hu ? 'items must now be unique' : 'items may now repeat',
      'uniqueItems',
    );

  // Every format applies: one more tightens, one fewer loosens.
  const bf = b.merged.formats;
  const hf = h.merged.formats;
  const formatLost = bf.some((f) => !hf.includes(f));
  const formatGained = hf.some((f) => !bf.includes(f));
  if (formatLost || formatGained) {
    judge(
      formatLost && formatGained ? 'both' : formatGained ? 'tighter' : 'looser',
      'request-constraint-tightened',
      'response-constraint-loosened',
      `format ${bf.join(' and ') || 'none'} → ${hf.join(' and ') || 'none'}`,
      'format',
    );
  }

  if (direction === 'request') {
    const bd = first(b, 'default');
    const hd = first(h, 'default');
    const [dp, ds] = where('default');
    if (bd !== undefined && !same(bd, hd))
      report(
        'request-default-changed',
        `${field}'s default ${JSON.stringify(bd)} is now ${hd === undefined ? 'gone' : JSON.stringify(hd)}: clients that leave it out get other behaviour`,
        dp,
        ds,
      );
    else if (bd === undefined && hd !== undefined)
      report('request-default-changed', `${field} now documents the default ${JSON.stringify(hd)}`, dp, ds, 'info');
  }
}

function compareObjects(
  b: View,
  h: View,
  direction: Direction,
  field: string,
  ctx: CompareContext,
  report: Reporter,
  options: CompareOptions,
): void {
  const bProps = properties(b);
  const hProps = properties(h);
  const bReq = new Set(b.merged.required);
  const hReq = new Set(h.merged.required);
  const bClosed = b.merged.closed || options.closedByParent === true;
  const hClosed = h.merged.closed || options.closedByParent === true;
  const at = h.anything ? b.nodes[0]!.pointer : h.nodes[0]!.pointer;

  if (
    !b.anything &&
    !h.anything &&
    bClosed !== hClosed &&
    (bProps.size > 0 || hProps.size > 0 || b.merged.types?.includes('object'))
  ) {
    if (direction === 'request' && hClosed)
      report('request-constraint-tightened', `${field} now refuses unknown properties`);
    else if (direction === 'request') report('request-constraint-loosened', `${field} now accepts unknown properties`);
    else if (hClosed) report('response-constraint-tightened', `${field} no longer has unknown properties`);
    // A response that may carry unknown properties breaks no client: they ignore what they do not know.
  }

  for (const [key, pointer] of bProps) {
    if (hProps.has(key)) continue;
    if (h.anything) {
      compareViews(propertyView(ctx.base, b, key), view(ctx.head, ANYTHING), direction, `${field}.${key}`, ctx);
      continue;
    }
    // A property deprecated with an x-sunset date may go once that date has passed.
    const sunset = sunsetPassed(pointerGet(ctx.base, pointer), ctx.today);
    const after = sunset ? ` after its sunset date ${sunset}` : '';
    if (direction === 'response')
      report(
        'response-property-removed',
        `${field}.${key} was removed${after}`,
        pointer,
        'base',
        sunset ? 'info' : undefined,
      );
    else if (hClosed)
      report(
        'request-property-removed',
        `${field}.${key} was removed${after}, and ${field} refuses unknown properties: clients that send it will be refused`,
        pointer,
        'base',
        sunset ? 'info' : undefined,
      );
    else
      report(
        'request-property-removed',
        `${field}.${key} was removed${after}; clients that send it are ignored`,
        pointer,
        'base',
        sunset ? 'info' : 'warning',
      );
  }
  for (const [key, pointer] of hProps) {
    if (bProps.has(key)) continue;
    if (b.anything) {
      compareViews(view(ctx.base, ANYTHING), propertyView(ctx.head, h, key), direction, `${field}.${key}`, ctx);
      continue;
    }
    if (direction === 'request' && hReq.has(key)) continue; // reported below as newly required
    report(
      direction === 'request' ? 'request-property-added' : 'response-property-added',
      `${field}.${key} was added`,
      pointer,
    );
  }
  if (direction === 'request') {
    for (const key of hReq)
      if (!bReq.has(key))
        report(
          'request-property-became-required',
          `${field}.${key} is now required${bProps.has(key) || b.anything ? '' : ' (a new property)'}`,
          hProps.get(key) ?? at,
        );
    for (const key of bReq)
      if (!hReq.has(key) && (hProps.has(key) || h.anything))
        report('request-property-became-optional', `${field}.${key} is no longer required`, hProps.get(key) ?? at);
  } else {
    for (const key of bReq)
      if (!hReq.has(key) && (hProps.has(key) || h.anything))
        report(
          'response-required-removed',
          `${field}.${key} is no longer required: clients that read it may find nothing`,
          hProps.get(key) ?? at,
        );
    for (const key of hReq)
      if (!bReq.has(key) && (bProps.has(key) || b.anything))
        report('response-property-became-required', `${field}.${key} is now always present`, hProps.get(key) ?? at);
  }
  // A property declared in several members is compared as all its declarations together.
  for (const key of bProps.keys()) {
    if (hProps.has(key))
      compareViews(propertyView(ctx.base, b, key), propertyView(ctx.head, h, key), direction, `${field}.${key}`, ctx);
  }
}

/**
 * oneOf/anyOf branches, paired by discriminator tag, then by $ref target, then by equal content,
 * then by position. A request branch removed refuses what it accepted; a response branch added
 * sends what clients never handled.
 */
function compareBranches(
  b: View,
  h: View,
  direction: Direction,
  field: string,
  ctx: CompareContext,
  report: Reporter,
  closed: boolean,
): void {
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const bn = b.objects.find((n) => Array.isArray(n.schema[keyword]));
    const hn = h.objects.find((n) => Array.isArray(n.schema[keyword]));
    if (!bn && !hn) continue;
    const objects = (branches: Json | undefined) =>
      (Array.isArray(branches) ? branches : []).map((x) => (isObject(x) ? x : {}));
    const bBranches = objects(bn?.schema[keyword]);
    const hBranches = objects(hn?.schema[keyword]);
    const pairs: Array<[number, number, string]> = [];
    const bFree = new Set(bBranches.keys());
    const hFree = new Set(hBranches.keys());
    const pair = (i: number, j: number, tag: string) => {
      if (i < 0 || j < 0 || !bFree.has(i) || !hFree.has(j)) return;
      pairs.push([i, j, tag]);
      bFree.delete(i);
      hFree.delete(j);
    };
    const mapping = (node: typeof bn): Record<string, string> => {
      const discriminator = node?.schema.discriminator;
      const map = isObject(discriminator) ? discriminator.mapping : undefined;
      return isObject(map)
        ? (Object.fromEntries(Object.entries(map).filter(([, v]) => typeof v === 'string')) as Record<string, string>)
        : {};
    };
    const bMap = mapping(bn);
    const hMap = mapping(hn);
    for (const tag of Object.keys(bMap))
      if (Object.hasOwn(hMap, tag))
        pair(
          bBranches.findIndex((s) => s.$ref === bMap[tag]),
          hBranches.findIndex((s) => s.$ref === hMap[tag]),
          tag,
        );
    for (const [i, s] of bBranches.entries())
      if (typeof s.$ref === 'string')
        pair(
          i,
          hBranches.findIndex((t, j) => hFree.has(j) && t.$ref === s.$ref),
          String(s.$ref).split('/').pop()!,
        );
    for (const [i, s] of bBranches.entries())
      pair(
        i,
        hBranches.findIndex((t, j) => hFree.has(j) && same(t, s)),
        String(i),
      );
    const tagOf = (branches: JsonObject[], i: number, map: Record<string, string>) =>
      Object.keys(map).find((t) => map[t] === branches[i]?.$ref) ??
      (typeof branches[i]?.$ref === 'string' ? String(branches[i]!.$ref).split('/').pop()! : `#${i}`);
    // What is left pairs by position, unless one side has a discriminator that tells them apart.
    if (Object.keys(bMap).length === 0 && Object.keys(hMap).length === 0) {
      const restB = [...bFree];
      const restH = [...hFree];
      for (const [k, i] of restB.entries()) if (restH[k] !== undefined) pair(i, restH[k]!, String(i));
    }
    for (const [i, j, tag] of pairs)
      compareSchema(
        `${bn!.pointer}/${keyword}/${i}`,
        `${hn!.pointer}/${keyword}/${j}`,
        direction,
        `${field}<${tag}>`,
        ctx,
        { closedByParent: closed },
      );
    if (!bn || !hn) continue; // a whole oneOf added or removed is judged by its branches' content elsewhere
    for (const i of bFree) {
      const message = `${field}: the ${keyword} branch ${tagOf(bBranches, i, bMap)} was removed`;
      if (direction === 'request')
        report(
          'request-branch-removed',
          `${message}; clients that send it will be refused`,
          `${bn.pointer}/${keyword}/${i}`,
          'base',
        );
      else report('response-constraint-tightened', message, `${bn.pointer}/${keyword}/${i}`, 'base');
    }
    for (const j of hFree) {
      const message = `${field}: a ${keyword} branch ${tagOf(hBranches, j, hMap)} was added`;
      if (direction === 'response')
        report(
          'response-branch-added',
          `${message}; clients may receive a shape they do not handle`,
          `${hn.pointer}/${keyword}/${j}`,
          'head',
        );
      else report('request-constraint-loosened', message, `${hn.pointer}/${keyword}/${j}`, 'head');
    }
  }
}

/**
 * if/then/else, paired by an equal `if`. A new conditional in a request adds its `then` and `else`
 * as constraints (compared with "anything"); one that is gone from a response drops them.
 */
function compareConditionals(
  b: View,
  h: View,
  direction: Direction,
  field: string,
  ctx: CompareContext,
  closed: boolean,
): void {
  const conditionals = (v: View) =>
    v.objects.filter((n) => n.schema.if !== undefined).map((n) => ({ pointer: n.pointer, schema: n.schema }));
  const bc = conditionals(b);
  const hc = conditionals(h);
  const hFree = new Set(hc.keys());
  const branch = (c: { pointer: string; schema: JsonObject } | undefined, key: 'then' | 'else') =>
    c && c.schema[key] !== undefined ? `${c.pointer}/${key}` : ANYTHING;
  const label = (c: { schema: JsonObject }) => {
    const condition = c.schema.if;
    return isObject(condition) && typeof condition.title === 'string' ? condition.title : 'if';
  };
  for (const c of bc) {
    const j = hc.findIndex((d, k) => hFree.has(k) && same(d.schema.if, c.schema.if));
    const match = j >= 0 ? hc[j] : undefined;
    if (j >= 0) hFree.delete(j);
    for (const key of ['then', 'else'] as const) {
      const from = branch(c, key);
      const to = branch(match, key);
      if (from !== ANYTHING || to !== ANYTHING)
        compareSchema(from, to, direction, `${field}<${label(c)}: ${key}>`, ctx, { closedByParent: closed });
    }
  }
  for (const k of hFree) {
    const c = hc[k]!;
    for (const key of ['then', 'else'] as const) {
      const to = branch(c, key);
      if (to !== ANYTHING)
        compareSchema(ANYTHING, to, direction, `${field}<${label(c)}: ${key}>`, ctx, { closedByParent: closed });
    }
  }
}
