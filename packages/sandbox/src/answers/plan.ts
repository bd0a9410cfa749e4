// What a request's Prefer header, or else the first fault rule of its operation, makes the sandbox
// do with it. A Prefer header wins over a rule, and then leaves the rule untaken: a test that
// decorates a request means that request.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import { isSuccess, type DocumentedAnswers, type MadeUp } from './documented.js';
import type { FaultRules } from './faults.js';
import { readPreference } from './prefer.js';

export interface FaultPlan {
  /** What asked for it, for messages and the log: `Prefer: code=503`, `fault-2`. */
  readonly by: string;
  /** How long to hold the request first. */
  readonly latencyMs: number;
  readonly drop?: 'before' | 'after' | undefined;
  readonly truncate?: boolean | undefined;
  /** A documented answer to give in place of the operation's own. */
  readonly answer?: MadeUp | undefined;
  /** Give `answer` after doing the work, not in place of it. */
  readonly after?: boolean | undefined;
  /** The preferences a Prefer header asked for, as Preference-Applied says them back (`code=503`)... */
  readonly applied?: string | undefined;
  /** ...when the answer has this status. */
  readonly answeredWith?: number | undefined;
}

/** The plan for a request of `op`, or undefined when nothing changes it. Throws a 400 for a bad Prefer header. */
export function planFor(
  op: SpecOperation,
  prefer: string | string[] | undefined,
  answers: DocumentedAnswers,
  faults: FaultRules,
): FaultPlan | undefined {
  const preference = readPreference(prefer);
  if (preference) {
    const { status, example } = answers.resolve(
      op,
      { status: preference.code, example: preference.example },
      { status: "the Prefer header's code", example: "the Prefer header's example" },
    );
    const by = `Prefer: code=${status}`;
    // What was asked for, said back as asked: `code=416`, `example=BusinessProcessingError`, or both.
    const applied = [
      ...(preference.code === undefined ? [] : [`code=${preference.code}`]),
      ...(example === undefined ? [] : [`example=${example}`]),
    ].join(', ');
    // A success is what doing the work answers: the sandbox does it, and says so when it did answer that.
    if (isSuccess(status)) return { by, latencyMs: 0, applied, answeredWith: status };
    return {
      by,
      latencyMs: 0,
      answer: { status, example, message: `${by} asked for this answer; nothing was done` },
      applied,
      answeredWith: status,
    };
  }
  if (faults.size === 0) return undefined;
  const rule = faults.take(op.operationId);
  if (!rule) return undefined;
  const by = `fault rule ${rule.id}`;
  const answer: MadeUp | undefined =
    rule.status === undefined
      ? undefined
      : {
          status: rule.status,
          example: rule.example,
          headers: rule.headers,
          message:
            rule.when === 'after'
              ? `${by} answered ${rule.status} after ${op.operationId} was done`
              : `${by} answered ${rule.status} in place of ${op.operationId}; nothing was done`,
        };
  return {
    by,
    latencyMs: rule.latencyMs ?? 0,
    drop: rule.drop,
    truncate: rule.truncate,
    answer,
    after: rule.when === 'after',
  };
}
