import { describe, expect, it } from 'vitest';
import { SpecValidator } from '../src/index.js';
import { bundle } from './support.js';

const validator = new SpecValidator(bundle);
const BODY = '#/components/schemas/InstantPaymentRequest';
const example = (name: string) => structuredClone((bundle.components as any).examples[name].value);

describe('SpecValidator', () => {
  it('accepts the documented examples', () => {
    for (const name of ['InstantPaymentPixManuRequest', 'InstantPaymentPixDictRequest']) {
      expect(validator.validate(BODY, example(name), 'body')).toEqual({ valid: true });
    }
  });

  it('names the missing field of the discriminator branch the body chose', () => {
    const body = example('InstantPaymentPixDictRequest');
    delete body.proxy;
    const verdict = validator.validate(BODY, body, 'body');
    expect(verdict.valid).toBe(false);
    expect(verdict.message).toBe('body.proxy is required');
  });

  it('names nested fields, unknown fields, patterns and formats', () => {
    const body = example('InstantPaymentPixManuRequest');
    body.amount = '12.5';
    expect(validator.validate(BODY, body, 'body').message).toMatch(/^body\.amount must match the pattern/);
    const unknown = { ...example('InstantPaymentPixManuRequest'), colour: 'red' };
    expect(validator.validate(BODY, unknown, 'body').message).toBe('body.colour is not a known field');
    expect(validator.validate('#/components/schemas/Date', '2026-02-30', 'query.startDate').message).toBe('query.startDate must be a valid date');
  });

  it('returns Ajv errors for callers that inspect keywords', () => {
    const verdict = validator.validate('#/components/schemas/Amount', 12, 'amount');
    expect(verdict.errors?.map((e) => e.keyword)).toContain('type');
  });

  it('knows a parameter schema type, for coercing strings', () => {
    expect(validator.typeAt('#/components/parameters/PageSizeQuery/schema')).toBe('integer');
  });

  it('fails loudly for a pointer with no schema', () => {
    expect(() => validator.validate('#/components/schemas/Nope', {}, 'body')).toThrow(/no schema at/);
  });
});
