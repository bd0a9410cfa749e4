// unknown_resource: a well-formed id that names nothing gets 404. Called by the unknown suite, for
// every path parameter of every operation that documents a 404.
import { suiteCheck } from './define.js';

export interface UnknownResourceInput {
  parameter: string;
  /** The well-formed id that names nothing. */
  value: string;
  status: number;
}

export const unknownResource = suiteCheck({
  name: 'unknown_resource',
  label: '404',
  description: 'a well-formed id that names nothing gets 404',
  judge: ({ parameter, value, status }: UnknownResourceInput, outcome) =>
    status === 404
      ? outcome.pass()
      : outcome.fail(`${parameter} "${value}" names nothing: expected 404, got ${status}`),
});
