// Data generation: valid values must be valid for every schema the API takes, reproducible from a
// seed, and each mutation must break the input (Ajv agrees) in the way it says.
import { describe, expect, it } from 'vitest';
import { mutations } from '../src/generate/negative.js';
import { createPolicy } from '../src/generate/policy.js';
import { generateValid, variantsOf } from '../src/generate/positive.js';
import { Rng } from '../src/generate/rng.js';
import { fromPattern } from '../src/generate/strings.js';
import { loadSpec } from '../src/spec.js';

const spec = loadSpec();
const inputs = spec.operations.flatMap((o) => [
  ...(o.bodyPointer ? [{ name: `${o.operationId} body`, pointer: o.bodyPointer }] : []),
  ...o.parameters.map((p) => ({ name: `${o.operationId} ${p.in}.${p.name}`, pointer: p.schemaPointer })),
]);

describe('positive generation', () => {
  it('makes valid values for every body and parameter of the spec, over 40 seeds and every variant', () => {
    let made = 0;
    for (const { name, pointer } of inputs) {
      const variants = variantsOf(spec, pointer);
      for (const variant of variants.length > 0 ? variants : [undefined]) {
        for (let seed = 0; seed < 40; seed++) {
          const optional = (['all', 'none', 'some'] as const)[seed % 3];
          const value = generateValid(spec, pointer, new Rng(seed).fork(name), {
            optional,
            ...(variant ? { variant } : {}),
          });
          const verdict = spec.validator.validate(pointer, value, name);
          expect(verdict.valid, `${name} ${variant ?? ''} seed ${seed}: ${verdict.message}`).toBe(true);
          if (variant) expect((value as Record<string, unknown>).initType).toBe(variant);
          made++;
        }
      }
    }
    expect(made).toBeGreaterThan(1000);
  });

  it('is reproducible from the seed, and different across seeds', () => {
    const pointer = spec.byId.get('createAutomaticConsent')!.bodyPointer!;
    const a = generateValid(spec, pointer, new Rng(42), { optional: 'some' });
    expect(generateValid(spec, pointer, new Rng(42), { optional: 'some' })).toEqual(a);
    expect(generateValid(spec, pointer, new Rng(43), { optional: 'some' })).not.toEqual(a);
  });

  it('takes idempotency keys and amounts from the data policy', () => {
    const policy = createPolicy('run1', new Set(['.01', '.22']));
    const pointer = spec.byId.get('createInstantPayment')!.bodyPointer!;
    const keys = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const body = generateValid(spec, pointer, new Rng(seed), { component: policy.component }) as Record<
        string,
        string
      >;
      expect(body.clientRequestId).toMatch(/^contract-run1-\d+$/);
      keys.add(body.clientRequestId!);
      expect(['.01', '.22']).not.toContain(body.amount!.slice(-3));
      expect(Number(body.amount)).toBeGreaterThanOrEqual(1);
    }
    expect(keys.size).toBe(200);
  });

  it('follows a pattern with the seeded generator', () => {
    const pattern = '^(\\d{11}|\\d{14})$';
    expect(fromPattern(pattern, new Rng(1))).toBe(fromPattern(pattern, new Rng(1)));
    for (let seed = 0; seed < 50; seed++) expect(fromPattern(pattern, new Rng(seed))).toMatch(new RegExp(pattern));
  });
});

describe('mutations', () => {
  const pointer = spec.byId.get('createInstantPayment')!.bodyPointer!;
  const valid = generateValid(spec, pointer, new Rng(7), { optional: 'all', variant: 'PIX_MANU' }) as Record<
    string,
    any
  >;
  const found = mutations(spec, pointer, valid, 'body', new Rng(7));

  it('every mutation is invalid, and none is sent twice', () => {
    expect(found.length).toBeGreaterThan(100);
    for (const m of found)
      expect(spec.validator.validate(pointer, m.value, 'body').valid, `${m.field} ${m.rule}`).toBe(false);
    expect(new Set(found.map((m) => JSON.stringify(m.value))).size).toBe(found.length);
  });

  it('changes one field and leaves the rest of the input alone', () => {
    const amount = found.find((m) => m.field === 'body.amount' && m.rule === 'pattern')!;
    expect(amount.description).toMatch(/does not match/);
    const { amount: broken, ...rest } = amount.value as Record<string, unknown>;
    const { amount: original, ...same } = valid;
    expect(rest).toEqual(same);
    expect(broken).not.toBe(original);
    const missing = found.find((m) => m.field === 'body.customer' && m.rule === 'required')!;
    expect(missing.value).not.toHaveProperty('customer');
  });

  it('breaks conditional rules one at a time', () => {
    // A CPF customer whose identifier has 14 digits: valid in general, not for a CPF.
    const cpf = found.find((m) => m.field === 'body.customer.identifier' && m.rule === 'if/then')!;
    const customer = (cpf.value as any).customer;
    expect(customer.identifierType).toBe('CPF');
    expect(customer.identifier).toMatch(/^\d{14}$/);
    expect(
      spec.validator.validate('#/components/schemas/Customer', { ...customer, identifierType: 'CNPJ' }, 'c').valid,
    ).toBe(true);
    // A CNPJ customer without loggedUserCpf.
    const logged = found.find((m) => m.field === 'body.loggedUserCpf' && m.rule === 'if/then')!;
    expect((logged.value as any).customer.identifierType).toBe('CNPJ');
    expect(logged.value).not.toHaveProperty('loggedUserCpf');
    // PIX_MANU forbids proxy.
    expect(found.find((m) => m.rule === 'not allowed')?.field).toBe('body.proxy');
  });

  it('breaks parameters by their own schema', () => {
    const pageSize = spec.byId.get('listOrders')!.parameters.find((p) => p.name === 'pageSize')!;
    const rules = mutations(spec, pageSize.schemaPointer, 20, 'query.pageSize', new Rng(1)).map(
      (m) => `${m.rule}:${JSON.stringify(m.value)}`,
    );
    expect(rules).toEqual(expect.arrayContaining(['minimum:0', 'maximum:201', 'type:"not-a-number"']));
  });
});
