// The one reading of $ref and allOf that the differ and the contract tests share: a value must
// satisfy every schema that applies, so what they allow together is an intersection.
import { describe, expect, it } from 'vitest';
import {
  itemNodes,
  mergeSchemas,
  propertyNodes,
  sameJson,
  schemaNodes,
  SpecValidator,
  type JsonObject,
} from '../src/index.js';

const docOf = (schemas: Record<string, unknown>): JsonObject =>
  ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } }) as JsonObject;
const at = (name: string) => `#/components/schemas/${name}`;
const merged = (doc: JsonObject, name: string) => mergeSchemas(schemaNodes(doc, at(name)));

describe('schemaNodes', () => {
  it('lists the schema, its $ref target and its allOf members, depth first, with their pointers', () => {
    const doc = docOf({
      Base: { type: 'object', required: ['id'] },
      Named: { allOf: [{ $ref: at('Base') }, { required: ['name'] }], description: 'x' },
      Use: { $ref: at('Named'), required: ['use'] },
    });
    expect(schemaNodes(doc, at('Use')).map((n) => n.pointer)).toEqual([
      at('Use'),
      at('Named'),
      `${at('Named')}/allOf/0`,
      at('Base'),
      `${at('Named')}/allOf/1`,
    ]);
  });

  it('ends on $ref cycles, each pointer once', () => {
    const doc = docOf({
      A: { $ref: at('B'), minLength: 1 },
      B: { allOf: [{ $ref: at('A') }], maxLength: 5 },
      Self: { $ref: at('Self') },
      Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: at('Tree') } } } },
    });
    expect(schemaNodes(doc, at('A')).map((n) => n.pointer)).toEqual([at('A'), at('B'), `${at('B')}/allOf/0`]);
    expect(merged(doc, 'A').bounds).toEqual({ minLength: 1, maxLength: 5 });
    expect(schemaNodes(doc, at('Self'))).toHaveLength(1);
    // A recursive schema is read one level at a time: the children's items are Tree again.
    const tree = schemaNodes(doc, at('Tree'));
    const items = itemNodes(doc, propertyNodes(doc, tree, 'children'));
    expect(items.map((n) => n.pointer)).toEqual([`${at('Tree')}/properties/children/items`, at('Tree')]);
    expect(mergeSchemas(items).properties).toEqual(['children']);
  });

  it('adds nothing for a $ref to nowhere or outside the document', () => {
    const doc = docOf({ Broken: { allOf: [{ $ref: at('Missing') }, { $ref: 'other.yaml#/X' }], type: 'string' } });
    expect(schemaNodes(doc, at('Broken')).map((n) => n.pointer)).toEqual([
      at('Broken'),
      `${at('Broken')}/allOf/0`,
      `${at('Broken')}/allOf/1`,
    ]);
    expect(schemaNodes(doc, at('Missing'))).toEqual([]);
  });
});

describe('mergeSchemas: an allOf is the intersection of its members', () => {
  it('intersects enums, in the first enum’s order', () => {
    const doc = docOf({ Status: { allOf: [{ enum: ['A', 'B', 'C'] }, { enum: ['C', 'B', 'D'] }] } });
    expect(merged(doc, 'Status')).toMatchObject({ values: ['B', 'C'], impossible: false });
  });

  it('intersects a const with an enum, whichever comes first', () => {
    const doc = docOf({
      Kind: { type: 'string', enum: ['PIX', 'TED'] },
      Pix: { allOf: [{ $ref: at('Kind') }], const: 'PIX' },
      Ted: { allOf: [{ const: 'TED' }, { $ref: at('Kind') }] },
    });
    expect(merged(doc, 'Pix').values).toEqual(['PIX']);
    expect(merged(doc, 'Ted').values).toEqual(['TED']);
  });

  it('represents an empty intersection as impossible: values [] and impossible, like the schema false', () => {
    const doc = docOf({
      Kind: { enum: ['PIX', 'TED'] },
      Renamed: { allOf: [{ $ref: at('Kind') }], const: 'PIX_QR' },
      Forbidden: false,
      Both: { allOf: [{ $ref: at('Forbidden') }, { type: 'string' }] },
    });
    expect(merged(doc, 'Renamed')).toMatchObject({ values: [], impossible: true });
    expect(merged(doc, 'Forbidden').impossible).toBe(true);
    expect(merged(doc, 'Both').impossible).toBe(true);
    expect(merged(doc, 'Kind')).toMatchObject({ values: ['PIX', 'TED'], impossible: false });
  });

  it('compares enum values as JSON, and keeps only those of an allowed type', () => {
    const doc = docOf({
      Objects: { allOf: [{ enum: [{ a: 1, b: 2 }, [1, 2]] }, { enum: [{ b: 2, a: 1 }, [2, 1]] }] },
      Typed: { allOf: [{ type: 'string' }, { enum: ['A', 1, null] }] },
      Whole: { type: 'integer', enum: [1, 1.5] },
    });
    expect(merged(doc, 'Objects').values).toEqual([{ a: 1, b: 2 }]);
    expect(merged(doc, 'Typed').values).toEqual(['A']);
    expect(merged(doc, 'Whole').values).toEqual([1]);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined as never })).toBe(false);
  });

  it('intersects types, an integer being a number', () => {
    const doc = docOf({
      Nullable: { allOf: [{ type: ['string', 'null'] }, { type: 'string' }] },
      Count: { allOf: [{ type: 'number' }, { type: ['integer', 'string'] }] },
      Wide: { allOf: [{ type: ['number', 'string'] }, { type: ['integer', 'number'] }] },
      Clash: { allOf: [{ type: 'string' }, { type: 'object' }] },
      Free: { allOf: [{ minLength: 1 }] },
    });
    expect(merged(doc, 'Nullable').types).toEqual(['string']);
    expect(merged(doc, 'Count').types).toEqual(['integer']);
    expect(merged(doc, 'Wide').types).toEqual(['number']);
    expect(merged(doc, 'Clash')).toMatchObject({ types: [], impossible: true });
    expect(merged(doc, 'Free').types).toBeUndefined();
  });

  it('takes the union of required and of the declared properties', () => {
    const doc = docOf({
      Base: {
        type: 'object',
        required: ['id', 'kind'],
        properties: { id: { type: 'string' }, kind: { type: 'string' } },
      },
      Order: { allOf: [{ $ref: at('Base') }], required: ['kind', 'total'], properties: { total: { type: 'integer' } } },
    });
    expect(merged(doc, 'Order')).toMatchObject({
      required: ['kind', 'total', 'id'],
      properties: ['total', 'id', 'kind'],
    });
  });

  it('merges a property declared in several members, down to its own properties', () => {
    const doc = docOf({
      Party: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', maxLength: 140 }, document: { type: 'string' } },
      },
      Base: { type: 'object', properties: { holder: { $ref: at('Party') }, kind: { enum: ['CACC', 'SVGS', 'TRAN'] } } },
      Account: {
        allOf: [{ $ref: at('Base') }],
        properties: {
          holder: { required: ['document'], properties: { name: { maxLength: 60, minLength: 2 } } },
          kind: { enum: ['SVGS', 'CACC'] },
        },
      },
    });
    const account = schemaNodes(doc, at('Account'));
    const holder = propertyNodes(doc, account, 'holder');
    expect(holder.map((n) => n.pointer)).toEqual([
      `${at('Account')}/properties/holder`,
      `${at('Base')}/properties/holder`,
      at('Party'),
    ]);
    expect(mergeSchemas(holder)).toMatchObject({
      types: ['object'],
      required: ['document', 'name'],
      properties: ['name', 'document'],
    });
    expect(mergeSchemas(propertyNodes(doc, holder, 'name'))).toMatchObject({
      types: ['string'],
      bounds: { minLength: 2, maxLength: 60 },
    });
    expect(mergeSchemas(propertyNodes(doc, account, 'kind')).values).toEqual(['SVGS', 'CACC']);
    expect(propertyNodes(doc, account, 'missing')).toEqual([]);
  });

  it('takes the tightest bound: the largest minimum, the smallest maximum', () => {
    const doc = docOf({
      Amount: {
        allOf: [
          { minimum: 0, maximum: 1000, exclusiveMaximum: 500, minLength: 1, maxItems: 9 },
          { minimum: 1, maximum: 100, exclusiveMinimum: 0, minLength: 4, maxItems: 3, minProperties: 2 },
        ],
      },
      // Contradicting bounds rule out strings only: a number still fits.
      Odd: { allOf: [{ minLength: 5 }, { maxLength: 2 }] },
    });
    expect(merged(doc, 'Amount').bounds).toEqual({
      minimum: 1,
      maximum: 100,
      exclusiveMinimum: 0,
      exclusiveMaximum: 500,
      minLength: 4,
      maxItems: 3,
      minProperties: 2,
    });
    expect(merged(doc, 'Odd')).toMatchObject({ bounds: { minLength: 5, maxLength: 2 }, impossible: false });
  });

  it('lists every pattern and format once, gathers items, and closes an object any member closes', () => {
    const doc = docOf({
      Code: { pattern: '^[A-Z]+$', format: 'x', allOf: [{ pattern: '^.{3}$' }, { pattern: '^[A-Z]+$' }] },
      Closed: { allOf: [{ properties: { a: {} } }, { unevaluatedProperties: false }] },
      Open: { allOf: [{ properties: { a: {} } }, { additionalProperties: true }] },
      Lists: { allOf: [{ items: { type: 'string' } }, { items: { maxLength: 3 } }] },
    });
    expect(merged(doc, 'Code')).toMatchObject({ patterns: ['^[A-Z]+$', '^.{3}$'], formats: ['x'] });
    expect(merged(doc, 'Closed').closed).toBe(true);
    expect(merged(doc, 'Open').closed).toBe(false);
    const lists = schemaNodes(doc, at('Lists'));
    expect(mergeSchemas(itemNodes(doc, lists))).toMatchObject({ types: ['string'], bounds: { maxLength: 3 } });
  });

  it('agrees with Ajv on what an allOf of enums accepts', () => {
    const doc = docOf({
      Status: { allOf: [{ enum: ['A', 'B', 'C'] }, { enum: ['C', 'B', 'D'] }, { type: 'string' }] },
    });
    const validator = new SpecValidator(doc);
    const allowed = merged(doc, 'Status').values!;
    for (const value of ['A', 'B', 'C', 'D'])
      expect(validator.validate(at('Status'), value, 'v').valid, value).toBe(allowed.includes(value));
  });
});
