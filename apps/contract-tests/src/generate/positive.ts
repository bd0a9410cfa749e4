// Valid values from the spec's schemas, for the positive-data checks and for the bodies the
// flows send. Generation is seeded; every result is checked with Ajv before it is used, so a
// generator bug shows up as an error here, never as a false failure of the server.
import { mergeSchemas, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';
import type { Spec } from '../spec.js';
import type { Rng } from './rng.js';
import {
  allowedValues,
  branchForTag,
  expand,
  forbids,
  itemsView,
  objects,
  oneOfNode,
  propertyKeys,
  propertyView,
  requiredKeys,
  tagsOf,
  typeOf,
  type Node,
} from './schema-view.js';
import { generateString, type StringRules } from './strings.js';

export interface GenerateOptions {
  /** Optional properties: all of them (the widest body, for mutations), none, or a seeded half. */
  optional?: 'all' | 'none' | 'some';
  /** The discriminator tag to take at the top-level oneOf (e.g. an initType). */
  variant?: string;
  /**
   * Values for schemas the run must control, by component name: idempotency keys unique per run,
   * amounts that avoid a server's scenario cents. Returning undefined falls back to the schema.
   */
  component?: (name: string, rng: Rng) => Json | undefined;
}

const MAX_DEPTH = 12;

export class GenerationError extends Error {}

/** A value valid against the schema at `pointer`; throws GenerationError when none is found. */
export function generateValid(spec: Spec, pointer: string, rng: Rng, options: GenerateOptions = {}): Json {
  let lastError = '';
  for (let attempt = 0; attempt < 25; attempt++) {
    const value = generate(spec, expand(spec, pointer), rng, options, 0, true);
    const verdict = spec.validator.validate(pointer, value, 'value');
    if (verdict.valid) return value;
    lastError = verdict.message ?? 'invalid';
  }
  throw new GenerationError(`could not generate a valid value for ${pointer}: ${lastError}`);
}

/** The discriminator tags of the oneOf at `pointer` (e.g. the four initTypes), if it has one. */
export function variantsOf(spec: Spec, pointer: string): string[] {
  const node = oneOfNode(expand(spec, pointer));
  return (node && tagsOf(node)) ?? [];
}

const COMPONENT = /^#\/components\/schemas\/([^/]+)$/;

function generate(spec: Spec, nodes: Node[], rng: Rng, options: GenerateOptions, depth: number, top: boolean): Json {
  for (const { pointer } of nodes) {
    const name = COMPONENT.exec(pointer)?.[1];
    const chosen = name ? options.component?.(name, rng) : undefined;
    if (chosen !== undefined) return chosen;
  }
  const allowed = allowedValues(nodes);
  // Enums that share no value (an allOf of two) leave nothing to pick: no retry can help.
  if (allowed?.length === 0)
    throw new GenerationError(`no value fits ${nodes[0]?.pointer}: its enums and consts have no value in common`);
  if (allowed) return rng.pick(allowed);

  const choice = oneOfNode(nodes);
  if (choice) {
    const branches = choice.schema.oneOf as Json[];
    const tagged = top && options.variant ? branchForTag(choice, options.variant) : undefined;
    const index = tagged ?? rng.int(0, branches.length - 1);
    const rest = nodes.map((n) =>
      n === choice
        ? { pointer: n.pointer, schema: { ...choice.schema, oneOf: undefined } as unknown as JsonObject }
        : n,
    );
    return generate(spec, [...rest, ...expand(spec, `${choice.pointer}/oneOf/${index}`)], rng, options, depth, false);
  }

  switch (typeOf(nodes)) {
    case 'object':
      return generateObject(spec, nodes, rng, options, depth);
    case 'array': {
      const { bounds } = mergeSchemas(nodes);
      const min = Math.max(0, bounds.minItems ?? 0);
      const max = Math.min(min + 2, bounds.maxItems ?? Infinity);
      const items = itemsView(spec, nodes);
      return Array.from({ length: rng.int(min, Math.max(min, max)) }, () =>
        generate(spec, items, rng, options, depth + 1, false),
      );
    }
    case 'integer':
    case 'number': {
      const { bounds } = mergeSchemas(nodes);
      const min = Math.max(-1000, bounds.minimum ?? -Infinity);
      const max = Math.min(1000, bounds.maximum ?? Infinity);
      return rng.int(Math.ceil(min), Math.floor(max));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return generateString(stringRules(nodes), rng) ?? '';
  }
}

export function stringRules(nodes: Node[]): StringRules {
  const { patterns, bounds, formats } = mergeSchemas(nodes);
  const [format] = formats;
  return {
    patterns,
    minLength: Math.max(0, bounds.minLength ?? 0),
    maxLength: bounds.maxLength ?? Infinity,
    ...(format ? { format } : {}),
  };
}

function generateObject(spec: Spec, nodes: Node[], rng: Rng, options: GenerateOptions, depth: number): JsonObject {
  const value: JsonObject = {};
  const fill = (view: Node[], keys: string[]) => {
    const required = new Set(requiredKeys(view));
    for (const key of keys) {
      const child = propertyView(spec, view, key);
      if (forbids(child)) {
        delete value[key];
        continue;
      }
      const wanted =
        required.has(key) ||
        (depth < MAX_DEPTH && (options.optional === 'all' || (options.optional !== 'none' && rng.chance(0.5))));
      if (wanted) value[key] = generate(spec, child, rng, options, depth + 1, false);
    }
  };
  fill(nodes, propertyKeys(nodes));

  // if/then/else: once the value exists, apply the branch its if selects to the fields that branch
  // names. Two rounds settle every conditional in the spec (a branch never re-triggers an if).
  let view = nodes;
  const applied = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const added: Node[] = [];
    for (const { pointer, schema } of objects(view)) {
      if (schema.if === undefined || applied.has(pointer)) continue;
      const branch = spec.validator.validate(`${pointer}/if`, value, '').valid ? 'then' : 'else';
      applied.add(pointer);
      if (schema[branch] !== undefined) added.push(...expand(spec, `${pointer}/${branch}`));
    }
    if (added.length === 0) break;
    view = [...view, ...added];
    const touched = new Set([...propertyKeys(added), ...requiredKeys(added)]);
    for (const key of touched) delete value[key];
    fill(view, [...touched]);
  }
  return value;
}
