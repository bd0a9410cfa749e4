import { describe, expect, it } from 'vitest';
import { SpecValidator } from '../src/index.js';
import { shop } from './fixtures/shop.js';

const doc = shop();
const validator = new SpecValidator(doc);
const BODY = '#/components/schemas/OrderRequest';
const example = (name: string) => structuredClone((doc.components as any).examples[name].value);

describe('SpecValidator', () => {
  it('accepts the documented examples', () => {
    for (const name of ['CardOrder', 'PixOrder']) {
      expect(validator.validate(BODY, example(name), 'body')).toEqual({ valid: true });
    }
  });

  it('names the missing field of the discriminator branch the body chose', () => {
    const body = example('PixOrder');
    delete body.key;
    const verdict = validator.validate(BODY, body, 'body');
    expect(verdict.valid).toBe(false);
    expect(verdict.message).toBe('body.key is required');
  });

  it('names nested fields, unknown fields, patterns and formats', () => {
    const body = example('CardOrder');
    body.amount = '12.5';
    expect(validator.validate(BODY, body, 'body').message).toMatch(/^body\.amount must match the pattern/);
    body.amount = '12.50';
    body.card.last4 = '42';
    expect(validator.validate(BODY, body, 'body').message).toMatch(/^body\.card\.last4 must match the pattern/);
    const unknown = { ...example('CardOrder'), colour: 'red' };
    expect(validator.validate(BODY, unknown, 'body').message).toBe('body.colour is not a known field');
    expect(validator.validate(BODY, { ...example('CardOrder'), note: 'gift' }, 'body')).toEqual({ valid: true });
    expect(validator.validate('#/components/schemas/Date', '2026-02-30', 'query.startDate').message).toBe(
      'query.startDate must be a valid date',
    );
  });

  it('returns Ajv errors for callers that inspect keywords', () => {
    const verdict = validator.validate('#/components/schemas/Amount', 12, 'amount');
    expect(verdict.errors?.map((e) => e.keyword)).toContain('type');
  });

  it('knows a parameter schema type, for coercing strings', () => {
    expect(validator.typeAt('#/paths/~1orders/get/parameters/1/schema')).toBe('integer');
  });

  it('fails loudly for a pointer with no schema', () => {
    expect(() => validator.validate('#/components/schemas/Nope', {}, 'body')).toThrow(/no schema at/);
  });
});

describe('keys named after Object.prototype members', () => {
  // Ajv reads them as evaluated through oneOf branches (its evaluated-properties map is a plain
  // object), so they passed unevaluatedProperties: false. The probe renames each and validates again.
  const doc = {
    openapi: '3.1.0',
    components: {
      schemas: {
        Customer: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false },
        // Refused through unevaluatedProperties after a oneOf, where Ajv misses such keys.
        Line: { type: 'object', oneOf: [{ properties: { sku: { type: 'string' } } }], unevaluatedProperties: false },
        Payment: {
          type: 'object',
          required: ['kind'],
          properties: {
            customer: { $ref: '#/components/schemas/Customer' },
            items: { type: 'array', items: { $ref: '#/components/schemas/Customer' } },
            detail: { $ref: '#/components/schemas/Line' },
            lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } },
          },
          oneOf: [
            { properties: { kind: { const: 'PIX' }, key: { type: 'string' } } },
            { properties: { kind: { const: 'TED' }, account: { type: 'string' } } },
          ],
          unevaluatedProperties: false,
        },
        Open: { type: 'object', oneOf: [{ properties: { a: { type: 'string' } } }] },
      },
    },
  };
  const validator = new SpecValidator(doc as never);
  const check = (pointer: string, json: string) => validator.validate(pointer, JSON.parse(json), 'body');

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'refuses an unknown %s, naming it',
    (key) => {
      expect(check('#/components/schemas/Payment', `{"kind":"PIX","${key}":1}`)).toMatchObject({
        valid: false,
        message: `body.${key} is not a known field`,
      });
    },
  );

  it('names a nested one, in an object or an array', () => {
    expect(
      check('#/components/schemas/Payment', '{"kind":"PIX","customer":{"name":"a","__proto__":{"x":1}}}'),
    ).toMatchObject({ valid: false, message: 'body.customer.__proto__ is not a known field' });
    expect(
      check('#/components/schemas/Payment', '{"kind":"PIX","items":[{"name":"a"},{"constructor":1}]}'),
    ).toMatchObject({ valid: false, message: 'body.items[1].constructor is not a known field' });
    expect(check('#/components/schemas/Payment', '{"kind":"PIX","detail":{"sku":"a","valueOf":1}}')).toMatchObject({
      valid: false,
      message: 'body.detail.valueOf is not a known field',
    });
    expect(
      check('#/components/schemas/Payment', '{"kind":"PIX","lines":[{"sku":"a"},{"sku":"b","toString":1}]}'),
    ).toMatchObject({ valid: false, message: 'body.lines[1].toString is not a known field' });
    expect(check('#/components/schemas/Payment', '{"kind":"PIX","detail":{"sku":"a"},"lines":[{"sku":"b"}]}')).toEqual({
      valid: true,
    });
  });

  it('still accepts such a key where the schema allows any key, and a plain valid body', () => {
    expect(check('#/components/schemas/Open', '{"a":"x","constructor":1}')).toEqual({ valid: true });
    expect(check('#/components/schemas/Payment', '{"kind":"PIX","key":"k"}')).toEqual({ valid: true });
  });

  it('leaves Object.prototype alone', () => {
    check('#/components/schemas/Payment', '{"kind":"PIX","__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('SpecValidator base URI', () => {
  const broken = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas: { Name: { type: 'string' }, Broken: { $ref: '#/components/schemas/Missing' } } },
  };

  it('registers the document under the URI it is given, else under a generic one', () => {
    const named = new SpecValidator(broken as never, { baseUri: 'https://example.com/openapi.json' });
    expect(named.validate('#/components/schemas/Name', 'a', 'v')).toEqual({ valid: true });
    expect(() => named.validate('#/components/schemas/Broken', 'a', 'v')).toThrow(
      /https:\/\/example\.com\/openapi\.json/,
    );
    const unnamed = new SpecValidator(broken as never);
    expect(unnamed.validate('#/components/schemas/Name', 1, 'v')).toMatchObject({
      valid: false,
      message: 'v must be of type string',
    });
    expect(() => unnamed.validate('#/components/schemas/Broken', 'a', 'v')).toThrow(/urn:openapi-runtime:document/);
  });
});
