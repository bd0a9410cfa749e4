import { describe, expect, it } from 'vitest';
import { derefAt, escapePointer, pointerGet, readOperations, resolvePointer } from '../src/index.js';
import { bundle } from './support.js';

describe('readOperations', () => {
  const operations = readOperations(bundle);
  const byId = new Map(operations.map((o) => [o.operationId, o]));

  it('lists every operation of the document once', () => {
    const expected = Object.values(bundle.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).flatMap((op) => (op && typeof op === 'object' && op.operationId ? [op.operationId] : [])),
    );
    expect(operations.map((o) => o.operationId).sort()).toEqual(expected.sort());
    expect(new Set(expected).size).toBe(expected.length);
  });

  it('resolves parameters, body and responses through $refs', () => {
    const get = byId.get('getInstantPayment')!;
    expect(get.method).toBe('GET');
    expect(get.parameters).toEqual([{ name: 'id', in: 'path', required: true, schemaPointer: '#/components/parameters/InstantPaymentIdPath/schema' }]);
    expect(get.bodyPointer).toBeNull();
    expect(get.responsePointers['404']).toBe('#/components/responses/NotFound/content/application~1json/schema');
    const create = byId.get('createInstantPayment')!;
    expect(create.bodyRequired).toBe(true);
    expect(derefAt(bundle, create.bodyPointer!)?.discriminator).toBeDefined();
  });

  it('records required response headers and media types per status', () => {
    const create = byId.get('createInstantPayment')!;
    expect(create.requiredHeaders['429']).toEqual(['Retry-After']);
    expect(create.requiredHeaders['200']).toEqual([]);
    expect(create.responseMediaTypes['200']).toEqual(['application/json']);
    expect(create.responseHeaders['429']).toEqual([{ name: 'Retry-After', required: true, schemaPointer: '#/components/headers/RetryAfter/schema' }]);
  });

  it('takes security from the operation, else from the document', () => {
    expect(byId.get('listOrders')!.security).toBe('ManagementBearer');
    expect(byId.get('getInstantPayment')!.security).toBe('CustomerBearer');
    expect(byId.get('createCustomerAccessToken')!.security).toBeNull();
  });
});

describe('JSON pointers', () => {
  it('escapes and reads segments with "/" and "~"', () => {
    const doc = { 'a/b': { 'c~d': [10, 20] } };
    expect(pointerGet(doc, `#/${escapePointer('a/b')}/${escapePointer('c~d')}/1`)).toBe(20);
    expect(pointerGet(doc, '#/missing/deeper')).toBeUndefined();
  });

  it('follows a $ref chain to its target and refuses a cycle', () => {
    const doc = { a: { $ref: '#/b' }, b: { $ref: '#/c' }, c: { type: 'string' }, x: { $ref: '#/y' }, y: { $ref: '#/x' } };
    expect(resolvePointer(doc, '#/a')).toBe('#/c');
    expect(() => resolvePointer(doc, '#/x')).toThrow(/\$ref chain too long/);
  });
});
