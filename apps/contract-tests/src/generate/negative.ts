// Invalid inputs derived from a schema's constraints: starting from a valid value, each mutation
// breaks one rule (a required field, a pattern, a length, an enum, a type, a format, an unknown
// field, or one branch of an if/then/else) and leaves the rest alone. Every mutation is checked
// with Ajv to be invalid before it is sent; one that Ajv still accepts is dropped.
import { escapePointer, mergeSchemas, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';
import type { Spec } from '../spec.js';
import { generateValid, stringRules } from './positive.js';
import type { Rng } from './rng.js';
import {
  allowedValues,
  discriminatorProperty,
  expand,
  fieldName,
  forbids,
  itemsView,
  objects,
  oneOfNode,
  propertyView,
  requiredKeys,
  resolveView,
  typeOf,
  type Node,
} from './schema-view.js';
import { fitsString, generateString } from './strings.js';

export interface Mutation {
  /** The field broken, e.g. `body.customer.identifier`. */
  field: string;
  /** The rule broken: `required`, `pattern`, `maxLength`, `enum`, `type`, `if/then`, … */
  rule: string;
  /** What was done, for the report. */
  description: string;
  /** The whole input with the one change. */
  value: Json;
}

type Path = Array<string | number>;
/** An object or an array of a document, indexed by a step of a Path. */
type Container = Record<string | number, Json>;

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value as Json;
  const copy = structuredClone(root);
  // A path leads to a value found in `root`: each step but the last is into an object or an array.
  let parent = copy as Container;
  for (const key of path.slice(0, -1)) parent = parent[key] as Container;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

const WRONG_TYPE: Record<string, Json> = {
  string: 12345,
  integer: 'not-a-number',
  number: 'not-a-number',
  boolean: 'yes',
  object: 'not-an-object',
  array: 'not-an-array',
};
const BAD_FORMAT: Record<string, string> = {
  date: '2026-02-30',
  'date-time': '2026-13-01T25:00:00Z',
  email: 'not-an-email',
  uri: 'not a uri',
  uuid: 'not-a-uuid',
};

/** Values that break `pattern` while keeping, when possible, within the length limits. */
function patternBreakers(value: string, pattern: string, minLength: number, maxLength: number): string[] {
  const regex = new RegExp(pattern, 'u');
  const candidates = [
    `${value.slice(0, -1)}!`,
    `!${value.slice(1)}`,
    ` ${value.slice(1)}`,
    `${value.slice(0, Math.max(0, Math.floor(value.length / 2)))}\u0007${value.slice(Math.floor(value.length / 2) + 1)}`,
    'x'.repeat(Math.max(minLength, 1)),
    '1'.repeat(Math.max(minLength, 1)),
  ];
  const length = (s: string) => [...s].length;
  const breaking = candidates.filter((c) => !regex.test(c));
  const inLimits = breaking.filter((c) => length(c) >= minLength && length(c) <= maxLength);
  return [...new Set(inLimits.length > 0 ? inLimits : breaking)].slice(0, 1);
}

export function mutations(spec: Spec, pointer: string, valid: Json, root: string, rng: Rng): Mutation[] {
  const found: Mutation[] = [];
  const seen = new Set<string>();
  const add = (mutation: Mutation) => {
    const key = JSON.stringify(mutation.value);
    if (seen.has(key)) return;
    seen.add(key);
    if (spec.validator.validate(pointer, mutation.value, root).valid) return;
    found.push(mutation);
  };
  walk(spec, expand(spec, pointer), valid, [], { valid, root, add, rng });
  return found;
}

interface Walk {
  valid: Json;
  root: string;
  rng: Rng;
  add(mutation: Mutation): void;
}

function walk(spec: Spec, baseNodes: Node[], value: Json, path: Path, ctx: Walk): void {
  const nodes = resolveView(spec, baseNodes, value);
  const field = fieldName(ctx.root, path);
  const replace = (rule: string, description: string, replacement: Json | undefined) =>
    ctx.add({ field, rule, description, value: setAt(ctx.valid, path, replacement) });

  const type = typeOf(nodes);
  if (type && WRONG_TYPE[type] !== undefined)
    replace('type', `sent ${JSON.stringify(WRONG_TYPE[type])} where ${type} is expected`, WRONG_TYPE[type]);

  const allowed = allowedValues(nodes);
  if (allowed) {
    const outside = typeof value === 'string' ? `${value}_INVALID` : 'INVALID';
    replace(
      'enum',
      `sent ${JSON.stringify(outside)}, outside ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      outside,
    );
  }

  if (typeof value === 'string' && !allowed) {
    const rules = stringRules(nodes);
    for (const pattern of new Set(rules.patterns)) {
      for (const broken of patternBreakers(value, pattern, rules.minLength, rules.maxLength)) {
        replace('pattern', `sent ${JSON.stringify(broken)}, which does not match ${pattern}`, broken);
      }
    }
    if (rules.minLength > 0)
      replace(
        'minLength',
        `sent ${rules.minLength - 1} characters, fewer than minLength ${rules.minLength}`,
        value.slice(0, rules.minLength - 1),
      );
    if (Number.isFinite(rules.maxLength)) {
      const long = value.padEnd(rules.maxLength + 1, value.at(-1) ?? 'x');
      replace('maxLength', `sent ${rules.maxLength + 1} characters, more than maxLength ${rules.maxLength}`, long);
    }
    const bad = rules.format ? BAD_FORMAT[rules.format] : undefined;
    if (bad) replace('format', `sent ${JSON.stringify(bad)}, not a valid ${rules.format}`, bad);
  }

  const { bounds, closed } = mergeSchemas(nodes);
  if (typeof value === 'number') {
    const { minimum, maximum } = bounds;
    if (minimum !== undefined) replace('minimum', `sent ${minimum - 1}, below minimum ${minimum}`, minimum - 1);
    if (maximum !== undefined) replace('maximum', `sent ${maximum + 1}, above maximum ${maximum}`, maximum + 1);
  }

  if (Array.isArray(value)) {
    const { minItems, maxItems } = bounds;
    if (minItems !== undefined && minItems > 0)
      replace('minItems', `sent ${minItems - 1} items, fewer than minItems ${minItems}`, value.slice(0, minItems - 1));
    if (maxItems !== undefined && value.length > 0) {
      replace(
        'maxItems',
        `sent ${maxItems + 1} items, more than maxItems ${maxItems}`,
        Array.from({ length: maxItems + 1 }, (_, i) => value[i % value.length]!),
      );
    }
    const items = itemsView(spec, nodes);
    for (const [index, item] of value.entries()) walk(spec, items, item, [...path, index], ctx);
  }

  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of requiredKeys(nodes)) {
      if (!(key in value)) continue;
      const child = fieldName(ctx.root, [...path, key]);
      ctx.add({
        field: child,
        rule: 'required',
        description: `left out ${child}, which is required`,
        value: setAt(ctx.valid, path, withoutKey(value, key)),
      });
    }
    if (closed) {
      const child = fieldName(ctx.root, [...path, 'unexpectedField']);
      ctx.add({
        field: child,
        rule: 'unknown field',
        description: `added ${child}, which the schema does not allow`,
        value: setAt(ctx.valid, path, { ...value, unexpectedField: 'x' }),
      });
    }
    forbiddenFields(spec, nodes, value, path, ctx);
    conditionals(spec, baseNodes, nodes, value, path, ctx);
    for (const [key, child] of Object.entries(value))
      walk(spec, propertyView(spec, nodes, key), child, [...path, key], ctx);
  }
}

const withoutKey = (value: JsonObject, key: string): JsonObject => {
  const { [key]: _removed, ...rest } = value;
  return rest;
};

/** A property a branch forbids (a `false` schema, such as `proxy` on PIX_MANU), sent anyway. */
function forbiddenFields(spec: Spec, nodes: Node[], value: JsonObject, path: Path, ctx: Walk): void {
  for (const { pointer, schema } of objects(nodes)) {
    for (const [key, sub] of Object.entries((schema.properties as JsonObject | undefined) ?? {})) {
      if (sub !== false || key in value) continue;
      const others = propertyView(spec, nodes, key).filter(
        (n) => n.pointer !== `${pointer}/properties/${escapePointer(key)}`,
      );
      const sample = others.length > 0 && !forbids(others) ? generateFrom(spec, others, ctx.rng) : 'x';
      ctx.add({
        field: fieldName(ctx.root, [...path, key]),
        rule: 'not allowed',
        description: `sent ${fieldName(ctx.root, [...path, key])}, which this variant forbids`,
        value: setAt(ctx.valid, [...path, key], sample),
      });
    }
  }
}

function generateFrom(spec: Spec, nodes: Node[], rng: Rng): Json {
  const pointer = nodes.find((n) => typeof n.schema === 'object' && '$ref' in n.schema)?.pointer ?? nodes[0]!.pointer;
  try {
    return generateValid(spec, pointer, rng, { optional: 'none' });
  } catch {
    return 'x';
  }
}

/**
 * For each if/then/else: take a valid value of this location for which the `if` holds (or fails),
 * then break one rule of the branch that applies, e.g. a CPF customer with a 14-digit identifier,
 * or a CACC account without an issuer. Starting from a fresh valid value keeps the break single:
 * switching a CPF to a CNPJ in place would also break the identifier's length.
 */
function conditionals(spec: Spec, baseNodes: Node[], nodes: Node[], value: JsonObject, path: Path, ctx: Walk): void {
  for (const { pointer, schema } of objects(nodes)) {
    if (schema.if === undefined || typeof schema.if !== 'object') continue;
    const title = String((schema.if as JsonObject).title ?? 'the condition');
    for (const [branch, holds] of [
      ['then', true],
      ['else', false],
    ] as const) {
      if (schema[branch] === undefined) continue;
      const setup = validValueWhere(
        spec,
        baseNodes[0]!.pointer,
        value,
        ctx.rng,
        (v) => spec.validator.validate(`${pointer}/if`, v, '').valid === holds,
      );
      if (!setup) continue;
      const branchNodes = expand(spec, `${pointer}/${branch}`);
      const where = holds ? `"${title}" applies` : `"${title}" does not apply`;
      for (const key of requiredKeys(branchNodes)) {
        if (!(key in setup)) continue;
        ctx.add({
          field: fieldName(ctx.root, [...path, key]),
          rule: `if/${branch}`,
          description: `left out ${fieldName(ctx.root, [...path, key])}, which is required where ${where}`,
          value: setAt(ctx.valid, path, withoutKey(setup, key)),
        });
      }
      for (const { schema: branchSchema } of objects(branchNodes)) {
        for (const key of Object.keys((branchSchema.properties as JsonObject | undefined) ?? {})) {
          if (typeof setup[key] !== 'string') continue;
          const conditional = [
            `${pointer}/if/`,
            `${pointer}/then/`,
            `${pointer}/else/`,
            `${pointer}/if`,
            `${pointer}/then`,
            `${pointer}/else`,
          ];
          const unconditional = nodes.filter(
            (n) => !conditional.some((prefix) => n.pointer === prefix || n.pointer.startsWith(`${prefix}/`)),
          );
          const base = propertyView(spec, unconditional, key);
          const broken = breakOnly(
            stringRules(base),
            stringRules([...base, ...propertyView(spec, branchNodes, key)]),
            ctx.rng,
          );
          if (broken === undefined) continue;
          ctx.add({
            field: fieldName(ctx.root, [...path, key]),
            rule: `if/${branch}`,
            description: `sent ${JSON.stringify(broken)} in ${fieldName(ctx.root, [...path, key])}: valid in general, not where ${where}`,
            value: setAt(ctx.valid, path, { ...setup, [key]: broken }),
          });
        }
      }
    }
  }
}

/** A valid value of the schema at `pointer`, of the same variant as `like`, that `wanted` accepts. */
function validValueWhere(
  spec: Spec,
  pointer: string,
  like: JsonObject,
  rng: Rng,
  wanted: (value: JsonObject) => boolean,
): JsonObject | undefined {
  if (wanted(like)) return like;
  const choice = oneOfNode(expand(spec, pointer));
  const discriminator = choice ? discriminatorProperty(choice) : undefined;
  const tag = discriminator && typeof like[discriminator] === 'string' ? (like[discriminator] as string) : undefined;
  for (let attempt = 0; attempt < 60; attempt++) {
    let candidate: Json;
    try {
      candidate = generateValid(spec, pointer, rng, { optional: 'all', ...(tag ? { variant: tag } : {}) });
    } catch {
      return undefined;
    }
    if (candidate && typeof candidate === 'object' && !Array.isArray(candidate) && wanted(candidate)) return candidate;
  }
  return undefined;
}

/** A string the base rules accept and the strict rules refuse. */
function breakOnly(
  base: ReturnType<typeof stringRules>,
  strict: ReturnType<typeof stringRules>,
  rng: Rng,
): string | undefined {
  for (let attempt = 0; attempt < 40; attempt++) {
    const candidate = generateString(base, rng);
    if (candidate !== undefined && !fitsString(candidate, strict)) return candidate;
  }
  return undefined;
}
