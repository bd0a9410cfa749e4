// business_rules: the rules the spec states in prose, which a schema cannot carry, and the refusals
// a server publishes as scenarios, each broken on purpose and answered as documented. Called by the
// rules suite.
import { quote } from '../quote.js';
import { suiteCheck } from './define.js';

export type BusinessRulesInput =
  /** A request that breaks `rule`, and the status that refuses it. */
  | { step: 'refused'; rule: string; expected: number; status: number }
  /** The body of a refusal the scenario table describes, which must carry its business code in `statusCode`. */
  | { step: 'business-code'; status: number; code: number; body: unknown }
  /** A rate-limit scenario's first attempt: the statuses the client's attempts got, one of them the refusal. */
  | { step: 'rate-limited'; refusal: number; statuses: number[] }
  /** The same request, once the client has waited Retry-After out. */
  | { step: 'retried'; status: number };

const statusCodeOf = (body: unknown): unknown =>
  body !== null && typeof body === 'object' ? (body as { statusCode?: unknown }).statusCode : undefined;

export const businessRules = suiteCheck({
  name: 'business_rules',
  label: 'rules',
  description: "the spec's prose rules and published scenarios get their refusal",
  judge: (input: BusinessRulesInput, outcome) => {
    switch (input.step) {
      case 'refused':
        return input.status === input.expected
          ? outcome.pass()
          : outcome.fail(`${input.rule}: expected ${input.expected}, got ${input.status}`);
      case 'business-code':
        // Only a wrong code is reported: the refusal's status has passed already, for the rule.
        return statusCodeOf(input.body) === input.code
          ? undefined
          : outcome.fail(`the ${input.status} body must carry ${input.code} in statusCode, got ${quote(input.body)}`);
      case 'rate-limited':
        return input.statuses.includes(input.refusal)
          ? outcome.pass()
          : outcome.fail(`the first attempt must be answered ${input.refusal}`);
      case 'retried':
        return input.status === 200
          ? outcome.pass()
          : outcome.fail(`after waiting Retry-After, the retry must succeed: got ${input.status}`);
    }
  },
});
