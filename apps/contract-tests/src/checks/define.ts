// What a check is: a function that judges one input, registered with its name, a one-line
// description (for --help), the label of its column in the summary table, and where it runs: on
// every response, called by a suite of the API run, or called by the webhooks run (a merchant's
// receiver). src/checks/registry.ts lists every check.
import type { SpecOperation } from '@klavi-pay/openapi-runtime';
import type { Exchange } from '../exchange.js';
import type { Spec } from '../spec.js';
import { outcomesFor, type CheckOutcome, type Outcomes } from './outcome.js';

/**
 * `response`: judged on every exchange of the API run, by checks/response.ts. `suite`: called by a
 * suite of the API run with what it saw. `receiver`: called by `klavi-contract webhooks` with what
 * a merchant's webhook receiver answered (src/webhooks/).
 */
export type Runs = 'response' | 'suite' | 'receiver';

/** The checks a case calls itself, with `t.check(...)`: the suites' and the receiver's. */
export type CalledBy = Exclude<Runs, 'response'>;

/** What a response check judges: an exchange, and the operation its request matched. */
export interface ResponseInput {
  spec: Spec;
  exchange: Exchange;
  /** Undefined for a request that matches no operation (an undeclared method, an unknown path). */
  operation: SpecOperation | undefined;
}

/** A registered check. */
export interface Check<Name extends string, Input, R extends Runs = Runs> {
  readonly name: Name;
  readonly description: string;
  /** The check's column heading in the summary table: short, since there are fourteen columns. */
  readonly label: string;
  readonly runs: R;
  /** The outcome for `operationId`, or undefined when the input gives the check nothing to judge: nothing is recorded then. */
  readonly judge: (operationId: string, input: Input) => CheckOutcome<Name> | undefined;
}

/** How a check module writes a check: the judging function gets its input and its own outcomes. */
export interface CheckDefinition<Name extends string, Input> {
  name: Name;
  description: string;
  label: string;
  judge: (input: Input, outcome: Outcomes<Name>) => CheckOutcome<Name> | undefined;
}

function define<Name extends string, Input, R extends Runs>(
  definition: CheckDefinition<Name, Input>,
  runs: R,
): Check<Name, Input, R> {
  const { name, description, label, judge } = definition;
  return {
    name,
    description,
    label,
    runs,
    judge: (operationId, input) => judge(input, outcomesFor(name, operationId)),
  };
}

/** A check judged on every exchange the run records, whatever case made the request. */
export const responseCheck = <const Name extends string>(
  definition: CheckDefinition<Name, ResponseInput>,
): Check<Name, ResponseInput, 'response'> => define(definition, 'response');

/** A check a suite calls (`t.check(check, operationId, input)`) with what its requests got back. */
export const suiteCheck = <const Name extends string, Input>(
  definition: CheckDefinition<Name, Input>,
): Check<Name, Input, 'suite'> => define(definition, 'suite');

/** A check the webhooks run calls (`t.check(check, eventName, input)`) with what the receiver answered. */
export const receiverCheck = <const Name extends string, Input>(
  definition: CheckDefinition<Name, Input>,
): Check<Name, Input, 'receiver'> => define(definition, 'receiver');
