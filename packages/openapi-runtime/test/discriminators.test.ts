import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SpecValidator, type JsonObject } from '../src/index.js';
import { prepareDiscriminators } from '../src/discriminators.js';
import { shop } from './fixtures/shop.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Plain Ajv on the document as written: every oneOf checked branch by branch. */
function reference(doc: JsonObject) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'ref');
  return (pointer: string, value: unknown) => ajv.getSchema(`ref${pointer}`)!(value);
}

const card = { kind: 'CARD', requestId: 'r-1', amount: '10.00', card: { last4: '4242' } };
const pix = { kind: 'PIX', requestId: 'r-2', amount: '5.50', key: 'a@b.test' };
/** Values on every side of the tag: each branch valid and broken, no tag, unknown tags, no object. */
const VALUES: unknown[] = [
  card,
  pix,
  { ...card, note: 'gift' },
  { ...pix, colour: 'red' },
  { ...card, key: 'a@b.test' },
  { ...pix, card: { last4: '4242' } },
  { ...card, card: { last4: '42' } },
  { ...pix, kind: 'CARD' },
  { ...card, kind: 'PIX' },
  { ...card, kind: 'BOLETO' },
  { ...card, kind: 7 },
  { ...card, kind: null },
  (({ kind: _k, ...rest }) => rest)(card),
  {},
  'CARD',
  ['CARD'],
  null,
  42,
];

describe('discriminated oneOfs checked through their tag', () => {
  const doc = shop();
  const validator = new SpecValidator(doc);
  const plain = reference(doc);
  const BODY = '#/components/schemas/OrderRequest';

  it('rewrites a oneOf whose branches pin the tag, and says so', () => {
    expect(validator.chainedOneOfs).toEqual([BODY]);
    expect(validator.plainOneOfs).toEqual([]);
  });

  it.each(VALUES.map((value) => [JSON.stringify(value), value]))(
    'gives %s the verdict plain oneOf gives',
    (_name, value) => {
      expect(validator.validate(BODY, structuredClone(value), 'body').valid).toBe(plain(BODY, structuredClone(value)));
    },
  );

  it('checks only the branch the tag names: a broken card reports nothing of the Pix branch', () => {
    const verdict = validator.validate(BODY, { ...card, card: { last4: '42' } }, 'body');
    expect(verdict.message).toMatch(/^body\.card\.last4 must match the pattern/);
    expect(verdict.errors!.some((e) => e.schemaPath.includes('PixOrder'))).toBe(false);
  });

  it('names the tag when it is missing or no branch takes it', () => {
    expect(validator.validate(BODY, (({ kind: _k, ...rest }) => rest)(card), 'body').message).toBe(
      'body.kind is required',
    );
    expect(validator.validate(BODY, { ...card, kind: 'BOLETO' }, 'body').message).toBe(
      'body.kind must be one of CARD, PIX',
    );
  });

  it('checks a value that is no object against the oneOf as written', () => {
    // Without `type: object` anywhere, both branches hold vacuously for a string: oneOf refuses it.
    const untyped = {
      openapi: '3.1.0',
      components: {
        schemas: {
          Untyped: {
            discriminator: { propertyName: 'kind' },
            oneOf: [
              { required: ['kind'], properties: { kind: { const: 'A' } } },
              { required: ['kind'], properties: { kind: { const: 'B' } } },
            ],
          },
        },
      },
    } as unknown as JsonObject;
    const chained = new SpecValidator(untyped);
    const written = reference(untyped);
    expect(chained.chainedOneOfs).toEqual(['#/components/schemas/Untyped']);
    for (const value of ['x', 1, null, [], { kind: 'A' }, { kind: 'C' }, {}]) {
      expect(chained.validate('#/components/schemas/Untyped', value, 'body').valid, JSON.stringify(value)).toBe(
        written('#/components/schemas/Untyped', value),
      );
    }
  });

  it('leaves the document it was given alone', () => {
    const before = JSON.stringify(doc);
    prepareDiscriminators(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe('discriminated oneOfs whose branches do not pin the tag', () => {
  // Either branch can match a value of either tag, so only checking every branch is oneOf.
  const doc = {
    openapi: '3.1.0',
    components: {
      schemas: {
        Loose: {
          type: 'object',
          discriminator: { propertyName: 'kind' },
          oneOf: [
            { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, a: { type: 'string' } } },
            { type: 'object', required: ['kind'], properties: { kind: { const: 'B' }, b: { type: 'string' } } },
          ],
        },
        Shared: {
          type: 'object',
          discriminator: { propertyName: 'kind' },
          oneOf: [
            { required: ['kind'], properties: { kind: { enum: ['A', 'B'] } } },
            { required: ['kind'], properties: { kind: { const: 'B' } } },
          ],
        },
        Unrequired: {
          type: 'object',
          discriminator: { propertyName: 'kind' },
          oneOf: [
            { properties: { kind: { const: 'A' } } },
            { required: ['kind'], properties: { kind: { const: 'B' } } },
          ],
        },
        Referenced: {
          discriminator: { propertyName: 'kind' },
          oneOf: [{ $ref: '#/components/schemas/Loose', minProperties: 1 }],
        },
      },
    },
  } as unknown as JsonObject;
  const validator = new SpecValidator(doc);
  const plain = reference(doc);

  it('keeps them as written, with the reason', () => {
    expect(validator.chainedOneOfs).toEqual([]);
    expect(Object.fromEntries(validator.plainOneOfs.map((p) => [p.pointer, p.reason]))).toEqual({
      '#/components/schemas/Loose': 'oneOf[0].properties.kind is not pinned by a string const or enum',
      '#/components/schemas/Shared': 'kind "B" is allowed by two branches',
      '#/components/schemas/Unrequired': 'oneOf[0] does not require kind',
      '#/components/schemas/Referenced': 'oneOf[0] is not a schema object, or a $ref with other keywords beside it',
    });
  });

  it('refuses a value two branches match, as oneOf does', () => {
    for (const pointer of ['#/components/schemas/Loose', '#/components/schemas/Shared']) {
      expect(plain(pointer, { kind: 'B' })).toBe(false);
      expect(validator.validate(pointer, { kind: 'B' }, 'body').valid).toBe(false);
      expect(validator.validate(pointer, { kind: 'A' }, 'body').valid).toBe(plain(pointer, { kind: 'A' }));
    }
    expect(validator.validate('#/components/schemas/Unrequired', {}, 'body').valid).toBe(
      plain('#/components/schemas/Unrequired', {}),
    );
  });
});
