// What the spec package publishes for every other package: the model (@klavi-pay/spec/model) as
// the runtime's readonly model, taken with no cast, and the spec's types (@klavi-pay/spec/types)
// for ES module and CommonJS readers alike.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readModel, type SpecModel } from '@klavi-pay/openapi-runtime';
import type { components, InstantPaymentRequest, operations } from '@klavi-pay/spec/types';
import { MODEL } from '@klavi-pay/spec/model';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bundle, specDir } from './support/spec.js';

describe('@klavi-pay/spec/model', () => {
  it('is the runtime model of the bundle, typed so that it needs no cast', () => {
    // The assignment is the type test: `tsc` (pnpm typecheck) fails if the literal types drift from SpecModel.
    const model: SpecModel = MODEL;
    expect(JSON.parse(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(readModel(bundle))));
  });

  it('keeps the literal types that the sandbox checks its statuses with', () => {
    expectTypeOf<(typeof MODEL.stateMachines.InstantPaymentStatus.terminal)[number]>().toEqualTypeOf<
      'CONSENT_REJECTED' | 'PAYMENT_COMPLETED' | 'PAYMENT_REJECTED' | 'CANCELED' | 'ERROR' | 'EXPIRED'
    >();
    // openapi-typescript's `operations` holds the webhooks' operations too (what the API sends).
    expectTypeOf<
      (typeof MODEL.operations)[number]['operationId'] | (typeof MODEL.webhooks)[number]['operationId']
    >().toEqualTypeOf<keyof operations>();
  });
});

describe('@klavi-pay/spec/types', () => {
  it('is the spec as openapi-typescript types, the named schemas among them', () => {
    expectTypeOf<InstantPaymentRequest>().toEqualTypeOf<components['schemas']['InstantPaymentRequest']>();
  });

  it('resolves for import and for require, to the same declarations', () => {
    const esm = import.meta.resolve('@klavi-pay/spec/types');
    const cjs = createRequire(import.meta.url).resolve('@klavi-pay/spec/types');
    expect(esm).toMatch(/dist\/types\.js$/);
    expect(cjs).toMatch(/dist\/types\.cjs$/);
    const declarations = (name: string) => readFileSync(join(specDir, 'dist', name), 'utf8');
    const declared = [...declarations('types.d.ts').matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]);
    expect(declared).toEqual(expect.arrayContaining(['paths', 'components', 'operations', 'InstantPaymentRequest']));
    // The CommonJS entry re-exports every one of them, as an ES module's (no second copy to drift).
    const reexported =
      /^export type \{\n([\s\S]*?)\} from '\.\/types\.js' with \{ 'resolution-mode': 'import' \};$/m.exec(
        declarations('types.d.cts'),
      );
    expect(
      reexported?.[1]
        ?.split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    ).toEqual(declared);
  });
});
