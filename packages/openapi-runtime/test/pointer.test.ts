import { describe, expect, it } from 'vitest';
import { derefAt, escapePointer, pointerGet, pointerOf, pointerParts, resolvePointer } from '../src/index.js';

describe('JSON pointers', () => {
  it('escapes and reads segments with "/" and "~"', () => {
    const doc = { 'a/b': { 'c~d': [10, 20] } };
    expect(pointerOf('a/b', 'c~d', 1)).toBe('#/a~1b/c~0d/1');
    expect(pointerGet(doc, `#/${escapePointer('a/b')}/${escapePointer('c~d')}/1`)).toBe(20);
    expect(pointerParts('#/a~1b/c~0d/1')).toEqual(['a/b', 'c~d', '1']);
    expect(pointerGet(doc, '#/missing/deeper')).toBeUndefined();
  });

  it('percent-decodes URI fragments, as $refs write them', () => {
    expect(pointerGet({ 'a b': { '{id}': 1 } }, '#/a%20b/%7Bid%7D')).toBe(1);
    expect(pointerGet({ '100%': 2 }, '#/100%')).toBe(2);
  });

  it('reads own properties only: __proto__ and constructor are not Object.prototype', () => {
    const doc = JSON.parse('{"a":{"__proto__":{"x":1}}}');
    expect(pointerGet(doc, '#/a/__proto__')).toEqual({ x: 1 });
    expect(pointerGet({}, '#/constructor')).toBeUndefined();
    expect(pointerGet({ a: {} }, '#/a/toString')).toBeUndefined();
    expect(pointerGet([1, 2], '#/length')).toBeUndefined();
  });

  it('rejects a malformed pointer', () => {
    expect(() => pointerGet({}, '#a')).toThrow(/Invalid JSON Pointer/);
    expect(() => pointerGet({}, '#/a~2')).toThrow(/Invalid JSON Pointer/);
  });

  it('follows a $ref chain to its target and refuses a cycle and an external ref', () => {
    const doc = {
      a: { $ref: '#/b' },
      b: { $ref: '#/c' },
      c: { type: 'string' },
      x: { $ref: '#/y' },
      y: { $ref: '#/x' },
      e: { $ref: 'other.yaml#/a' },
    };
    expect(resolvePointer(doc, '#/a')).toBe('#/c');
    expect(derefAt(doc, '#/a')).toEqual({ type: 'string' });
    expect(() => resolvePointer(doc, '#/x')).toThrow(/\$ref cycle/);
    expect(() => resolvePointer(doc, '#/e')).toThrow(/only local \$refs/);
  });
});

describe('decoded pointers, kept between lookups', () => {
  it('hand each caller segments of its own: changing them changes no later lookup', () => {
    const doc = { paths: { '/a/{id}': { get: { ok: true } } } };
    const pointer = pointerOf('paths', '/a/{id}', 'get');
    const parts = pointerParts(pointer);
    parts.splice(0, parts.length, 'nowhere');
    expect(pointerParts(pointer)).toEqual(['paths', '/a/{id}', 'get']);
    expect(pointerGet(doc, pointer)).toEqual({ ok: true });
  });

  it('stay right past the bound, when the kept ones are let go', () => {
    const doc: Record<string, number> = {};
    for (let i = 0; i < 25_000; i++) doc[`k${i}`] = i;
    for (let i = 0; i < 25_000; i++) expect(pointerGet(doc, `#/k${i}`)).toBe(i);
    expect(pointerGet(doc, '#/k0')).toBe(0);
  });
});
