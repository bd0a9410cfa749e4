// The schemas that apply at one place of a document, and what they allow together. The differ
// and the contract tests' generators both read schemas this way, so they cannot disagree about
// what an `allOf` means.
//
// A value at `pointer` must satisfy the schema written there, the schema its `$ref` names (in
// OpenAPI 3.1, as in JSON Schema 2020-12, `$ref` applies beside its siblings) and every `allOf`
// member. schemaNodes lists them all, depth first, each pointer once, so a `$ref` loop ends; the
// list is kept rather than a merged copy, so that callers can point into the spec.
//
// mergeSchemas reads the list with one rule, JSON Schema's: a value must satisfy every node, so
//   - `type`s are intersected (an `integer` is a `number`): `number` ∩ `integer` is `integer`;
//   - `enum`s and `const`s are intersected (compared as JSON values, whatever the key order),
//     and what is left is filtered by the type; [] means no value is allowed;
//   - `required` is the union, and so is the list of declared `properties`; a property declared
//     by several nodes must satisfy each declaration, so propertyNodes gives all of them;
//   - `items` likewise: itemNodes gives every node's `items`;
//   - bounds take the tightest value: the largest minimum, the smallest maximum (lengths, item
//     and property counts, `minimum`/`maximum` and their exclusive forms);
//   - `pattern`s and `format`s all apply, so all are listed, each once;
//   - an object is closed when some node has `additionalProperties` or `unevaluatedProperties`
//     set to false.
// A view no value satisfies is impossible, as the schema `false` is: a `false` node, an empty
// enum intersection or an empty type intersection. Bounds that contradict each other (minLength
// above maxLength) are not called impossible: they only rule out values of that type.
//
// Left to the callers, who each need them their own way: oneOf/anyOf (a value takes one branch),
// if/then/else (a value takes one side), not, and annotations such as `default` and
// `description`, where the first one written is the one a reader sees. `$ref`s outside the
// document and pointers to nothing add nothing: the differ must read half-edited documents.
import { escapePointer, isObject, pointerGet, type Json, type JsonObject } from './pointer.js';

export type Schema = JsonObject | boolean;

/** One schema that applies, and where it is written. */
export interface SchemaNode {
  pointer: string;
  schema: Schema;
}

export type SchemaObjectNode = { pointer: string; schema: JsonObject };

export const LOWER_BOUNDS = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum'] as const;
export const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum'] as const;
export type BoundKeyword = (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number];

/** What every node of a view allows together (see the rule above). */
export interface MergedSchema {
  /** The types a value may have; undefined when no node says. */
  types?: string[];
  /** The values a value may be; undefined when no node has an enum or const. */
  values?: Json[];
  required: string[];
  /** The names in some node's `properties`. */
  properties: string[];
  bounds: Partial<Record<BoundKeyword, number>>;
  patterns: string[];
  formats: string[];
  closed: boolean;
  /** No value satisfies every node. */
  impossible: boolean;
}

/** The schema at `pointer`, and every schema its `$ref` and `allOf` bring in, depth first. */
export function schemaNodes(doc: JsonObject, pointer: string, seen = new Set<string>()): SchemaNode[] {
  if (seen.has(pointer)) return [];
  seen.add(pointer);
  const schema = pointerGet(doc, pointer);
  if (typeof schema === 'boolean') return [{ pointer, schema }];
  if (!isObject(schema)) return [];
  const nodes: SchemaNode[] = [{ pointer, schema }];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#'))
    nodes.push(...schemaNodes(doc, schema.$ref, seen));
  if (Array.isArray(schema.allOf))
    for (const i of schema.allOf.keys()) nodes.push(...schemaNodes(doc, `${pointer}/allOf/${i}`, seen));
  return nodes;
}

export const schemaObjects = (nodes: readonly SchemaNode[]): SchemaObjectNode[] =>
  nodes.filter((n): n is SchemaObjectNode => typeof n.schema === 'object');

/**
 * The view of property `key`: each node's declaration of it, expanded on its own and in node
 * order. A schema reached from two declarations is listed twice; that changes nothing.
 */
export function propertyNodes(
  doc: JsonObject,
  nodes: readonly SchemaNode[],
  key: string,
  nodesAt: NodeReader = (pointer) => schemaNodes(doc, pointer),
): SchemaNode[] {
  return schemaObjects(nodes).flatMap(({ pointer, schema }) => {
    const properties = schema.properties;
    return isObject(properties) && Object.hasOwn(properties, key)
      ? nodesAt(`${pointer}/properties/${escapePointer(key)}`)
      : [];
  });
}

/** How the nodes at a pointer are read: `schemaNodes` by default, or a reader that keeps them (the differ's). */
export type NodeReader = (pointer: string) => SchemaNode[];

/** The view of an array's items: every node's `items`. */
export function itemNodes(
  doc: JsonObject,
  nodes: readonly SchemaNode[],
  nodesAt: NodeReader = (pointer) => schemaNodes(doc, pointer),
): SchemaNode[] {
  return schemaObjects(nodes).flatMap(({ pointer, schema }) =>
    schema.items !== undefined ? nodesAt(`${pointer}/items`) : [],
  );
}

export function mergeSchemas(nodes: readonly SchemaNode[]): MergedSchema {
  const objects = schemaObjects(nodes).map((n) => n.schema);
  const types = mergeTypes(objects);
  const values = mergeValues(objects, types);
  // One pass over the members: the differ merges a view for every schema it visits, so this is
  // its hottest loop (a list and a filter per keyword per view made it twice as slow).
  const found: Partial<Record<BoundKeyword, number>> = {};
  const required = new Set<string>();
  const properties = new Set<string>();
  const patterns = new Set<string>();
  const formats = new Set<string>();
  let closed = false;
  for (const schema of objects) {
    for (const keyword of LOWER_BOUNDS) {
      const value = schema[keyword];
      if (typeof value === 'number') found[keyword] = Math.max(found[keyword] ?? value, value);
    }
    for (const keyword of UPPER_BOUNDS) {
      const value = schema[keyword];
      if (typeof value === 'number') found[keyword] = Math.min(found[keyword] ?? value, value);
    }
    if (Array.isArray(schema.required))
      for (const key of schema.required) if (typeof key === 'string') required.add(key);
    if (isObject(schema.properties)) for (const key of Object.keys(schema.properties)) properties.add(key);
    if (typeof schema.pattern === 'string') patterns.add(schema.pattern);
    if (typeof schema.format === 'string') formats.add(schema.format);
    if (schema.additionalProperties === false || schema.unevaluatedProperties === false) closed = true;
  }
  // In the keywords' own order, whatever order the members declared them in.
  const bounds: MergedSchema['bounds'] = {};
  for (const keyword of BOUND_KEYWORDS) if (found[keyword] !== undefined) bounds[keyword] = found[keyword];
  return {
    ...(types ? { types } : {}),
    ...(values ? { values } : {}),
    required: [...required],
    properties: [...properties],
    bounds,
    patterns: [...patterns],
    formats: [...formats],
    closed,
    impossible: nodes.some((n) => n.schema === false) || values?.length === 0 || types?.length === 0,
  };
}

const BOUND_KEYWORDS: readonly BoundKeyword[] = [...LOWER_BOUNDS, ...UPPER_BOUNDS];

/**
 * A node's types, with `integer` added beside `number`: every integer is a number. A `type` that
 * is neither a name nor a list of names is no schema Ajv would compile; it is read as absent.
 */
function typeSet(type: Json | undefined): string[] | undefined {
  const declared =
    typeof type === 'string'
      ? [type]
      : Array.isArray(type) && type.every((t) => typeof t === 'string')
        ? (type as string[])
        : undefined;
  if (!declared) return undefined;
  return declared.includes('number') && !declared.includes('integer') ? [...declared, 'integer'] : declared;
}

function mergeTypes(objects: JsonObject[]): string[] | undefined {
  let allowed: string[] | undefined;
  for (const schema of objects) {
    const set = typeSet(schema.type);
    if (set) allowed = allowed ? allowed.filter((t) => set.includes(t)) : set;
  }
  // `integer` was only added to intersect; beside `number` it says nothing more.
  return allowed?.filter((t) => t !== 'integer' || !allowed!.includes('number'));
}

function mergeValues(objects: JsonObject[], types: string[] | undefined): Json[] | undefined {
  let allowed: Json[] | undefined;
  for (const schema of objects) {
    const listed = Object.hasOwn(schema, 'const')
      ? [schema.const as Json]
      : Array.isArray(schema.enum)
        ? schema.enum
        : undefined;
    if (listed) allowed = allowed ? intersection(allowed, listed) : listed;
  }
  return types && allowed ? allowed.filter((v) => hasType(v, types)) : allowed;
}

/** The values of `a` that `b` lists too, in `a`'s order. */
function intersection(a: readonly Json[], b: readonly Json[]): Json[] {
  // Enums are mostly strings, and the same enum often comes in twice (a $ref and its allOf):
  // compared through a Set, that is linear rather than a deep comparison of every pair.
  if (b.every(isPrimitive)) {
    const listed = new Set<Json>(b);
    return a.filter((v) => isPrimitive(v) && listed.has(v));
  }
  return a.filter((v) => b.some((w) => sameJson(v, w)));
}

const isPrimitive = (value: Json): boolean => value === null || typeof value !== 'object';

function hasType(value: Json, types: string[]): boolean {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (type === 'number') return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
  return types.includes(type);
}

/** Equality of JSON values, as `enum` and `const` mean it: objects compare whatever their key order. */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}
