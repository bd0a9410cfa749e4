// use_after_cancel: a cancelled payment reads CANCELED, and acting on it again gets the status its
// operation's x-requires-status documents for any other status (`otherwise`), else any 4xx: a
// cancelled payment is in none of the statuses such an operation allows. Called by the
// use-after-cancel suite.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import { suiteCheck } from './define.js';

export type UseAfterCancelInput =
  /** The cancel itself (`what` names it), which must succeed for the rest to mean anything. */
  | { step: 'cancel'; what: string; status: number }
  /** The cancelled payment's status read, and the status it read. */
  | { step: 'read'; status: number; read: string | undefined }
  /** An operation on the cancelled payment (`what` names it), which must be refused. */
  | { step: 'refused'; what: string; operation: SpecOperation | undefined; status: number };

/** The status the spec documents for acting on a resource in the wrong status, else any 4xx. */
function wrongStatus(operation: SpecOperation | undefined): { ok: (status: number) => boolean; expected: string } {
  const otherwise = operation?.requiresStatus?.otherwise;
  return otherwise
    ? { ok: (s) => s === otherwise, expected: String(otherwise) }
    : { ok: (s) => s >= 400 && s < 500, expected: 'a 4xx' };
}

export const useAfterCancel = suiteCheck({
  name: 'use_after_cancel',
  label: 'after cancel',
  description: 'a cancelled payment reads CANCELED; cancelling or retrying it is refused',
  judge: (input: UseAfterCancelInput, outcome) => {
    switch (input.step) {
      case 'cancel':
        return input.status === 200 ? outcome.pass() : outcome.fail(`${input.what}: expected 200, got ${input.status}`);
      case 'read':
        return input.read === 'CANCELED'
          ? outcome.pass()
          : outcome.fail(`a cancelled payment reads CANCELED, got ${input.status} ${input.read ?? ''}`);
      case 'refused': {
        const rule = wrongStatus(input.operation);
        return rule.ok(input.status)
          ? outcome.pass()
          : outcome.fail(`${input.what}: expected ${rule.expected}, got ${input.status}`);
      }
    }
  },
});
