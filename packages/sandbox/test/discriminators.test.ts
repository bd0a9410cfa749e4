import { SpecValidator } from '@klavi-pay/openapi-runtime';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../src/spec.js';

// The sandbox validates every create body through its discriminator's tag (openapi-runtime's
// discriminators.ts). A spec edit whose branches stop pinning the tag would still be validated
// correctly, branch by branch, but several times slower: this says which edit and why.
describe('the spec’s discriminated oneOfs', () => {
  const validator = new SpecValidator(loadBundle());

  it('are all checked through their tag', () => {
    expect(validator.plainOneOfs).toEqual([]);
    expect(validator.chainedOneOfs).toEqual(
      expect.arrayContaining([
        '#/components/schemas/InstantPaymentRequest',
        '#/components/schemas/InstantPaymentDetails',
      ]),
    );
  });
});
