// negative_data_rejection (Schemathesis's): input that breaks one rule of its schema gets the status
// the spec documents for it: 400 (DECISIONS.md D-46), or any 4xx where an operation documents no
// 400. Called by the negative suite, once per broken rule.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import { suiteCheck } from './define.js';

export interface NegativeDataInput {
  operation: SpecOperation;
  /** What was broken, in words: the mutation's description. */
  broken: string;
  status: number;
}

/** The status the operation documents for input that breaks its schema, when it documents one. */
export const invalidInputStatus = (operation: SpecOperation): number | undefined =>
  '400' in operation.responsePointers ? 400 : undefined;

export const negativeDataRejection = suiteCheck({
  name: 'negative_data_rejection',
  label: 'negative',
  description: 'input breaking one schema rule gets the documented 400 (else a 4xx)',
  judge: ({ operation, broken, status }: NegativeDataInput, outcome) => {
    const expected = invalidInputStatus(operation);
    const refused = expected ? status === expected : status >= 400 && status < 500;
    return refused ? outcome.pass() : outcome.fail(`${broken}: expected ${expected ?? 'a 4xx'}, got ${status}`);
  },
});
