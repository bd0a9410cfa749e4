// Rewrites each discriminated oneOf, in the copy of the document Ajv compiles, into a chain that
// checks only the branch the tag names. A oneOf checks every branch to prove exactly one matches:
// on a create body that is four copies of the shared fields (formats, patterns, lengths) checked
// for one. Ajv's own `discriminator` option would do the same, but it refuses `mapping` and
// ignores what the branch evaluated, so `unevaluatedProperties: false` then refuses every valid
// body (ajv-validator/ajv#1892).
//
// The chain gives the verdict the oneOf gives when every branch pins the tag to its own values
// (`properties.<tag>` with a string `const` or `enum`, no value in two branches) and requires it:
// an object with tag T can then only match the branch that allows T, and one without a tag, or with
// a tag no branch allows, matches none. A value that is not an object is still checked against the
// oneOf as written. A discriminator whose branches do not pin the tag is left alone.
//
//   oneOf: [A, B]  →  allOf: [{ if: {object with tag in A's values}, then: A,
//                               else: { if: {object with tag in B's values}, then: B,
//                               else: { if: {object}, then: {tag required, one of A's or B's values}, else: { oneOf: [A, B] } } } }]
import { escapePointer, isObject, pointerGet, type Json, type JsonObject } from './pointer.js';

/** A discriminated oneOf left to be checked branch by branch, and why. */
export interface PlainOneOf {
  pointer: string;
  reason: string;
}

export interface PreparedDocument {
  /** A copy of the document for Ajv, each pinned discriminated oneOf rewritten as a chain. */
  doc: JsonObject;
  /** The pointers of the schemas whose oneOf was rewritten. */
  chained: string[];
  plain: PlainOneOf[];
}

interface Pinned {
  propertyName: string;
  /** The tag values of each branch, in the oneOf's order. */
  values: string[][];
}

/** Keys a `{ $ref }` branch may carry beside it and still be followed (they do not validate). */
const ANNOTATIONS = new Set([
  '$ref',
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'deprecated',
  '$comment',
]);

export function prepareDiscriminators(source: JsonObject): PreparedDocument {
  const doc = structuredClone(source);
  const chained: string[] = [];
  const plain: PlainOneOf[] = [];
  const visit = (node: Json, pointer: string): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${pointer}/${i}`);
      return;
    }
    if (!isObject(node)) return;
    // Children first: a branch may itself hold a discriminated oneOf, and is copied into the chain.
    for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${escapePointer(key)}`);
    if (!isObject(node.discriminator)) return;
    const pinned = pinnedTags(source, node);
    if (typeof pinned === 'string') return void plain.push({ pointer, reason: pinned });
    const branches = node.oneOf as Json[];
    delete node.oneOf;
    node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), chain(branches, pinned)];
    chained.push(pointer);
  };
  visit(doc, '#');
  return { doc, chained, plain };
}

function chain(branches: Json[], { propertyName, values }: Pinned): JsonObject {
  const tagIn = (allowed: string[]): JsonObject => ({
    type: 'object',
    required: [propertyName],
    properties: { [propertyName]: { enum: allowed } },
  });
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords; the schema is data for Ajv, never awaited
  const fallback: JsonObject = { if: { type: 'object' }, then: tagIn(values.flat()), else: { oneOf: branches } };
  return branches.reduceRight<JsonObject>(
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords; the schema is data for Ajv, never awaited
    (otherwise, branch, i) => ({ if: tagIn(values[i]!), then: branch, else: otherwise }),
    fallback,
  );
}

/** The tag values of a discriminated oneOf whose branches each pin the tag, or why they do not. */
function pinnedTags(doc: JsonObject, schema: JsonObject): Pinned | string {
  const { propertyName } = schema.discriminator as JsonObject;
  if (typeof propertyName !== 'string') return 'discriminator.propertyName is not a string';
  if (!Array.isArray(schema.oneOf) || schema.oneOf.length === 0) return 'the discriminator has no oneOf beside it';
  const requiredAtTop = requires(schema, propertyName);
  const values: string[][] = [];
  for (const [i, raw] of schema.oneOf.entries()) {
    const branch = followed(doc, raw);
    if (!branch) return `oneOf[${i}] is not a schema object, or a $ref with other keywords beside it`;
    const property = isObject(branch.properties) ? branch.properties[propertyName] : undefined;
    if (!isObject(property)) return `oneOf[${i}] does not declare properties.${propertyName} itself`;
    const allowed = 'const' in property ? [property.const] : Array.isArray(property.enum) ? property.enum : undefined;
    if (!allowed || allowed.length === 0 || !allowed.every((v): v is string => typeof v === 'string' && v !== ''))
      return `oneOf[${i}].properties.${propertyName} is not pinned by a string const or enum`;
    const taken = allowed.find((value) => values.some((earlier) => earlier.includes(value)));
    if (taken !== undefined) return `${propertyName} ${JSON.stringify(taken)} is allowed by two branches`;
    values.push(allowed);
    if (!requiredAtTop && !requires(branch, propertyName)) return `oneOf[${i}] does not require ${propertyName}`;
  }
  return { propertyName, values };
}

function requires(schema: JsonObject, name: string): boolean {
  return Array.isArray(schema.required) && schema.required.includes(name);
}

/** The schema a branch is: a lone local `$ref` is followed; a `$ref` with keywords beside it is not read. */
function followed(doc: JsonObject, branch: Json): JsonObject | undefined {
  if (!isObject(branch)) return undefined;
  if (typeof branch.$ref !== 'string') return branch;
  if (!branch.$ref.startsWith('#') || Object.keys(branch).some((key) => !ANNOTATIONS.has(key))) return undefined;
  const target = pointerGet(doc, branch.$ref);
  return isObject(target) ? target : undefined;
}
