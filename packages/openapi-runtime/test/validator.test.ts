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
    expect(validator.validate('#/components/schemas/Date', '2026-02-30', 'query.startDate').message).toBe('query.startDate must be a valid date');
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
