// What a check returns: one typed outcome, naming the check and the operation it judged. Checks
// return it rather than throw it: a run judges thousands of responses, and a case goes on or stops
// by what its check returned.

/** A check's outcome for one operation: passed, failed with what differed, or skipped with why. */
export type CheckOutcome<Name extends string> =
  | { check: Name; operationId: string; outcome: 'pass'; message?: string }
  | { check: Name; operationId: string; outcome: 'fail'; message: string }
  | { check: Name; operationId: string; outcome: 'skip'; message: string };

/** The outcomes a check can return, already naming the check and the operation. */
export interface Outcomes<Name extends string> {
  pass(message?: string): CheckOutcome<Name>;
  fail(message: string): CheckOutcome<Name>;
  skip(reason: string): CheckOutcome<Name>;
}

/**
 * The outcomes of `check` for `operationId`. A check gets them from its registration rather than
 * building its own, so its outcomes cannot name another check or operation.
 */
export function outcomesFor<Name extends string>(check: Name, operationId: string): Outcomes<Name> {
  return {
    // A pass carries a message only when it says something (the reports then show it).
    pass: (message) =>
      message === undefined
        ? { check, operationId, outcome: 'pass' }
        : { check, operationId, outcome: 'pass', message },
    fail: (message) => ({ check, operationId, outcome: 'fail', message }),
    skip: (reason) => ({ check, operationId, outcome: 'skip', message: reason }),
  };
}
