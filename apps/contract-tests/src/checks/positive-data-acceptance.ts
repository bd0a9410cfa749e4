// positive_data_acceptance (Schemathesis's): valid input, generated from the schemas, gets a 2xx.
// Called by the positive suite.
import { quote } from '../quote.js';
import { suiteCheck } from './define.js';

export interface PositiveDataInput {
  status: number;
  /** The error body the server sent, quoted in the failure. */
  error?: unknown;
}

export const positiveDataAcceptance = suiteCheck({
  name: 'positive_data_acceptance',
  label: 'positive',
  description: 'valid input generated from the schemas gets a 2xx',
  judge: ({ status, error }: PositiveDataInput, outcome) =>
    status >= 200 && status < 300
      ? outcome.pass()
      : outcome.fail(`valid input was refused with ${status}${error ? ` ${quote(error)}` : ''}`),
});
