// The schemas that apply to one value. A value is described by several schema objects at once:
// the one at its location, what that one's $ref and allOf point to, and, depending on the value,
// the oneOf branch it takes and the then/else of its if. Generators and mutators work on this
// flat list of JSON pointers rather than on a merged copy, so every finding can point into the spec.
import { escapePointer, pointerGet, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';
import type { Spec } from '../spec.js';

export type Schema = JsonObject | boolean;

export interface Node {
  pointer: string;
  schema: Schema;
}

export function schemaAt(spec: Spec, pointer: string): Schema {
  const node = pointerGet(spec.doc, pointer);
  if (typeof node === 'boolean') return node;
  if (node && typeof node === 'object' && !Array.isArray(node)) return node;
  throw new Error(`no schema at ${pointer}`);
}

/** The node at `pointer`, and everything its `$ref` and `allOf` bring in, depth first. */
export function expand(spec: Spec, pointer: string, seen = new Set<string>()): Node[] {
  if (seen.has(pointer)) return [];
  seen.add(pointer);
  const schema = schemaAt(spec, pointer);
  const nodes: Node[] = [{ pointer, schema }];
  if (typeof schema === 'boolean') return nodes;
  if (typeof schema.$ref === 'string') nodes.push(...expand(spec, schema.$ref, seen));
  if (Array.isArray(schema.allOf)) schema.allOf.forEach((_, i) => nodes.push(...expand(spec, `${pointer}/allOf/${i}`, seen)));
  return nodes;
}

export const objects = (nodes: Node[]): Array<{ pointer: string; schema: JsonObject }> =>
  nodes.filter((n): n is { pointer: string; schema: JsonObject } => typeof n.schema === 'object');

/** The view of property `key` of an object described by `nodes`. */
export function propertyView(spec: Spec, nodes: Node[], key: string): Node[] {
  const view: Node[] = [];
  for (const { pointer, schema } of objects(nodes)) {
    const properties = schema.properties as JsonObject | undefined;
    if (properties && key in properties) view.push(...expand(spec, `${pointer}/properties/${escapePointer(key)}`));
  }
  return view;
}

export function propertyKeys(nodes: Node[]): string[] {
  const keys = new Set<string>();
  for (const { schema } of objects(nodes)) for (const key of Object.keys((schema.properties as JsonObject | undefined) ?? {})) keys.add(key);
  return [...keys];
}

export function requiredKeys(nodes: Node[]): string[] {
  const keys = new Set<string>();
  for (const { schema } of objects(nodes)) for (const key of (schema.required as string[] | undefined) ?? []) keys.add(key);
  return [...keys];
}

export function itemsView(spec: Spec, nodes: Node[]): Node[] {
  return objects(nodes).flatMap(({ pointer, schema }) => (schema.items !== undefined ? expand(spec, `${pointer}/items`) : []));
}

/** True when some node forbids any value (a `false` schema, or `not: {}`). */
export const forbids = (nodes: Node[]): boolean => nodes.some((n) => n.schema === false);

/** The first value some node fixes with `const`, or the enum values every node allows. */
export function allowedValues(nodes: Node[]): Json[] | undefined {
  let allowed: Json[] | undefined;
  for (const { schema } of objects(nodes)) {
    if ('const' in schema) return [schema.const as Json];
    if (Array.isArray(schema.enum)) allowed = allowed ? allowed.filter((v) => (schema.enum as Json[]).includes(v)) : [...(schema.enum as Json[])];
  }
  return allowed;
}

export function typeOf(nodes: Node[]): string | undefined {
  for (const { schema } of objects(nodes)) {
    if (typeof schema.type === 'string') return schema.type;
    if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== 'null');
  }
  if (objects(nodes).some(({ schema }) => schema.properties || schema.required)) return 'object';
  return undefined;
}

/** The node carrying a discriminated or plain oneOf, if any. */
export const oneOfNode = (nodes: Node[]) => objects(nodes).find(({ schema }) => Array.isArray(schema.oneOf));

/** The branch of a oneOf that a discriminator tag names, as an index into `oneOf`. */
export function branchForTag(node: { pointer: string; schema: JsonObject }, tag: string): number | undefined {
  const mapping = (node.schema.discriminator as JsonObject | undefined)?.mapping as Record<string, string> | undefined;
  const target = mapping?.[tag];
  if (!target) return undefined;
  const branches = node.schema.oneOf as JsonObject[];
  const index = branches.findIndex((b) => b.$ref === target);
  return index >= 0 ? index : undefined;
}

/** Discriminator tags of a oneOf, in mapping order, or undefined when it has no mapping. */
export function tagsOf(node: { schema: JsonObject }): string[] | undefined {
  const mapping = (node.schema.discriminator as JsonObject | undefined)?.mapping as Record<string, string> | undefined;
  return mapping ? Object.keys(mapping) : undefined;
}

export const discriminatorProperty = (node: { schema: JsonObject }): string | undefined =>
  (node.schema.discriminator as JsonObject | undefined)?.propertyName as string | undefined;

/**
 * The nodes that apply to `value` given what it is: the oneOf branch it matches (by its
 * discriminator tag, else the first that validates) and the then/else of each if.
 */
export function resolveView(spec: Spec, nodes: Node[], value: unknown): Node[] {
  const view = [...nodes];
  const done = new Set<string>();
  for (let i = 0; i < view.length; i++) {
    const { pointer, schema } = view[i]!;
    if (typeof schema !== 'object' || done.has(pointer)) continue;
    done.add(pointer);
    if (Array.isArray(schema.oneOf)) {
      const discriminator = discriminatorProperty({ schema });
      const tag = discriminator && value && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
      let index = typeof tag === 'string' ? branchForTag({ pointer, schema }, tag) : undefined;
      index ??= schema.oneOf.findIndex((_, b) => spec.validator.validate(`${pointer}/oneOf/${b}`, value, '').valid);
      if (index !== undefined && index >= 0) view.push(...expand(spec, `${pointer}/oneOf/${index}`));
    }
    if (schema.if !== undefined) {
      const branch = spec.validator.validate(`${pointer}/if`, value, '').valid ? 'then' : 'else';
      if (schema[branch] !== undefined) view.push(...expand(spec, `${pointer}/${branch}`));
    }
  }
  return view;
}

/** `body.customer.identifier` or `body.items[0]` for a path of keys. */
export function fieldName(root: string, path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : `${name}.${key}`), root);
}
