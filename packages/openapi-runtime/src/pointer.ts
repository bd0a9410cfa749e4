// JSON pointers (RFC 6901) into a parsed document, and the `#/…` URI fragments `$ref`s use.
// Parsing and escaping are @hyperjump/json-pointer's; lookups here are own-property only, so a
// pointer segment such as `__proto__` or `constructor` never reaches Object.prototype.
import { append, pointerSegments } from '@hyperjump/json-pointer';
import { SpecModelError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Escapes one segment: `/payments/{id}` → `~1payments~1{id}`. */
export const escapePointer = (segment: string): string => append(segment, '').slice(1);

/** The decoded segments of a JSON pointer or a `#/…` fragment (percent-decoded, as RFC 6901 §6 says). */
export function pointerParts(pointer: string): string[] {
  return [...partsOf(pointer)];
}

/**
 * Decoded pointers, kept: the validator, the router's model and the differ resolve the same few
 * thousand pointers again and again, and decoding one is most of a lookup. Bounded, so that a
 * long-running reader of ever new documents does not grow without end.
 */
const decoded = new Map<string, readonly string[]>();
const DECODED_LIMIT = 20_000;

function partsOf(pointer: string): readonly string[] {
  let parts = decoded.get(pointer);
  if (!parts) {
    const fragment = pointer.startsWith('#') ? decodeFragment(pointer.slice(1)) : pointer;
    parts = [...pointerSegments(fragment)];
    if (decoded.size >= DECODED_LIMIT) decoded.clear();
    decoded.set(pointer, parts);
  }
  return parts;
}

/** A `%` that starts no escape is taken literally: pointers built here are not percent-encoded. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Builds a `#/…` pointer from raw segments. */
export const pointerOf = (...segments: Array<string | number>): string =>
  `#${segments.reduce<string>((p, s) => append(String(s), p), '')}`;

export function pointerGet(doc: Json, pointer: string): Json | undefined {
  let current: Json | undefined = doc;
  for (const key of partsOf(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      current = current[Number(key)];
    } else {
      current = Object.hasOwn(current, key) ? current[key] : undefined;
    }
  }
  return current;
}

const MAX_REF_HOPS = 32;

/** Follows local `$ref`s from `pointer` and returns the pointer of the final target. */
export function resolvePointer(doc: JsonObject, pointer: string): string {
  let current = pointer;
  const seen = new Set<string>();
  for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
    const node = pointerGet(doc, current);
    if (!isObject(node) || typeof node.$ref !== 'string') return current;
    if (!node.$ref.startsWith('#'))
      throw new SpecModelError(`${current}: only local $refs can be followed in a bundle, got ${node.$ref}`);
    if (seen.has(node.$ref)) throw new SpecModelError(`$ref cycle at ${node.$ref}`);
    seen.add(node.$ref);
    current = node.$ref;
  }
  throw new SpecModelError(`$ref chain too long at ${pointer}`);
}

/** The object at `pointer`, after following `$ref`s; undefined when it is not an object. */
export function derefAt(doc: JsonObject, pointer: string): JsonObject | undefined {
  const node = pointerGet(doc, resolvePointer(doc, pointer));
  return isObject(node) ? node : undefined;
}

export const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
