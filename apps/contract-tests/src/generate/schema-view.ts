// The schemas that apply to one value. A value is described by several schema objects at once:
// the one at its location, what that one's $ref and allOf point to, and, depending on the value,
// the oneOf branch it takes and the then/else of its if. Generators and mutators work on this
// flat list of JSON pointers rather than on a merged copy, so every finding can point into the spec.
// The list and what it allows (enums intersected, required united, the tightest bounds, …) are
// @klavi-pay/openapi-runtime's schema view, which the differ reads too; this file adds the
// choices a value makes: its oneOf branch and its if's side.
import {
  isObject,
  itemNodes,
  mergeSchemas,
  pointerGet,
  propertyNodes,
  schemaNodes,
  schemaObjects,
  type Json,
  type JsonObject,
  type SchemaNode,
} from '@klavi-pay/openapi-runtime';
import type { Spec } from '../spec.js';

export type { Schema } from '@klavi-pay/openapi-runtime';
export type Node = SchemaNode;

/** The node at `pointer`, and everything its `$ref` and `allOf` bring in, depth first. */
export function expand(spec: Spec, pointer: string): Node[] {
  const node = pointerGet(spec.doc, pointer);
  if (typeof node !== 'boolean' && !isObject(node)) throw new Error(`no schema at ${pointer}`);
  return schemaNodes(spec.doc, pointer);
}

export const objects = schemaObjects;

/** The view of property `key` of an object described by `nodes`: every declaration of it. */
export const propertyView = (spec: Spec, nodes: Node[], key: string): Node[] => propertyNodes(spec.doc, nodes, key);

export const propertyKeys = (nodes: Node[]): string[] => mergeSchemas(nodes).properties;

export const requiredKeys = (nodes: Node[]): string[] => mergeSchemas(nodes).required;

export const itemsView = (spec: Spec, nodes: Node[]): Node[] => itemNodes(spec.doc, nodes);

/** True when no value fits the nodes: a `false` schema, or enums or types with nothing in common. */
export const forbids = (nodes: Node[]): boolean => mergeSchemas(nodes).impossible;

/** The values every node allows, when some node has an enum or a const; [] when they share none. */
export const allowedValues = (nodes: Node[]): Json[] | undefined => mergeSchemas(nodes).values;

/** The type to generate: the one the nodes allow together, not null when another is allowed. */
export function typeOf(nodes: Node[]): string | undefined {
  const { types } = mergeSchemas(nodes);
  if (types) return types.find((t) => t !== 'null') ?? types[0];
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
      const tag =
        discriminator && value && typeof value === 'object'
          ? (value as Record<string, unknown>)[discriminator]
          : undefined;
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
