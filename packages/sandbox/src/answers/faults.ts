// Fault rules: what the sandbox does to the next requests of an operation, for black-box tests of
// an application whose HTTP calls a test cannot decorate with a Prefer header. A rule answers a
// documented status before or after the work, drops the connection before or after it, truncates
// the real answer's body, or holds the answer back; `times` bounds how many requests it takes.
import { SpecValidator, type SpecOperation } from '@klavi-pay/openapi-runtime';
import { ApiError } from '../errors.js';
import { type DocumentedAnswers, isSuccess } from './documented.js';

/** The longest a rule may hold an answer back: past any client's timeout, short of holding a test forever. */
export const MAX_LATENCY_MS = 300_000;
/** The most rules kept at once. */
export const MAX_RULES = 1000;

/** A fault rule as a caller gives it (POST /__sandbox/faults, the config file, startSandbox). */
export interface FaultRuleInput {
  /** The operation whose requests the rule takes. */
  operationId: string;
  /** Answer this documented (non-success) status instead of the operation's answer. */
  status?: number;
  /** The status's named example as the body (its status is implied). */
  example?: string;
  /** `after`: do the work first, then answer the status (a gateway failing after the API acted); 5xx only. */
  when?: 'before' | 'after';
  /** Values for the status's documented headers, e.g. `{"Retry-After": "2"}`. */
  headers?: Record<string, string>;
  /** Close the connection without an answer, before the work or after it (the work is then done). */
  drop?: 'before' | 'after';
  /** Do the work, then send its answer with the body cut in half and close the connection. */
  truncate?: boolean;
  /** Hold the request this long before anything else. */
  latencyMs?: number;
  /** How many requests the rule takes; without it, every request until the rule is removed. */
  times?: number;
}

/** A rule in force: its input, checked, with an id and how many more requests it takes. */
export interface FaultRule extends FaultRuleInput {
  readonly id: string;
  /** Requests still to take; null: until removed. */
  remaining: number | null;
  /** Requests it has taken. */
  hits: number;
}

const RULE_SCHEMA = {
  type: 'object',
  required: ['operationId'],
  additionalProperties: false,
  properties: {
    operationId: { type: 'string', minLength: 1, maxLength: 128 },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    example: { type: 'string', minLength: 1, maxLength: 128 },
    when: { enum: ['before', 'after'] },
    headers: {
      type: 'object',
      maxProperties: 16,
      propertyNames: { pattern: '^[A-Za-z0-9-]{1,64}$' },
      additionalProperties: { type: 'string', maxLength: 1024, pattern: '^[\\t\\x20-\\x7e]*$' },
    },
    drop: { enum: ['before', 'after'] },
    truncate: { type: 'boolean' },
    latencyMs: { type: 'integer', minimum: 0, maximum: MAX_LATENCY_MS },
    times: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  },
} as const;

const schemaValidator = new SpecValidator({
  components: { schemas: { FaultRule: RULE_SCHEMA as unknown as Record<string, never> } },
});

/** The JSON Schema of one rule, for the config file's schema. */
export const FAULT_RULE_SCHEMA = RULE_SCHEMA;

/**
 * `value` as a rule, checked against the schema and against the operation's documented answers;
 * `where` names it in errors (`body`, `config: faults[2]`). Throws an ApiError 400 naming the field.
 */
function checkRule(
  value: unknown,
  where: string,
  operations: ReadonlyMap<string, SpecOperation>,
  answers: DocumentedAnswers,
): FaultRuleInput {
  const verdict = schemaValidator.validate('#/components/schemas/FaultRule', value, where);
  if (!verdict.valid) throw new ApiError(400, verdict.message!);
  const rule = value as FaultRuleInput;
  const operation = operations.get(rule.operationId);
  if (!operation)
    throw new ApiError(
      400,
      `${where}.operationId ${JSON.stringify(rule.operationId)} is not an operation of the spec; they are ${[...operations.keys()].join(', ')}`,
    );
  const actions = (['status', 'drop', 'truncate'] as const).filter((k) =>
    k === 'status' ? rule.status !== undefined || rule.example !== undefined : rule[k] !== undefined,
  );
  if (rule.truncate === false) throw new ApiError(400, `${where}.truncate must be true when given`);
  if (actions.length > 1)
    throw new ApiError(
      400,
      `${where} may do one thing: answer a status, drop, or truncate; it gives ${actions.join(' and ')}`,
    );
  if (actions.length === 0 && rule.latencyMs === undefined)
    throw new ApiError(400, `${where} does nothing: give status (or example), drop, truncate or latencyMs`);
  if (rule.status === undefined && rule.example === undefined) {
    for (const field of ['when', 'headers'] as const)
      if (rule[field] !== undefined) throw new ApiError(400, `${where}.${field} goes with status`);
    return rule;
  }
  const status = `${where}.status`;
  const { status: resolved } = answers.resolve(operation, rule, { status, example: `${where}.example` });
  if (isSuccess(resolved))
    throw new ApiError(
      400,
      `${status} ${resolved} is what ${rule.operationId} answers without a rule: give an error status`,
    );
  if (rule.when === 'after' && resolved < 500)
    throw new ApiError(
      400,
      `${where}.when "after" is for 5xx answers (a gateway failing after the API acted); ${resolved} is answered before the work`,
    );
  // Lower-cased, as HTTP header names compare; a copy, so that the caller's object is not kept.
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(rule.headers ?? {})) {
    const problem = answers.headerProblem(operation, resolved, name, text);
    if (problem) throw new ApiError(400, `${where}.headers.${name}: ${problem}`);
    headers[name.toLowerCase()] = text;
  }
  return { ...rule, status: resolved, ...(rule.headers === undefined ? {} : { headers }) };
}

/**
 * The rules in force, in the order they were added: the first that takes an operation's request
 * wins. Each rule is checked against the spec when it is added; what is handed out are copies.
 */
export class FaultRules {
  readonly #rules: FaultRule[] = [];
  readonly #operations: ReadonlyMap<string, SpecOperation>;
  readonly #answers: DocumentedAnswers;
  #next = 1;

  constructor(operations: ReadonlyMap<string, SpecOperation>, answers: DocumentedAnswers) {
    this.#operations = operations;
    this.#answers = answers;
  }

  get size(): number {
    return this.#rules.length;
  }

  /**
   * Checks every value as a rule (`where(i)` names it in errors) and adds them all, or none: an
   * ApiError 400 names the first bad field, or says the rules would pass MAX_RULES.
   */
  add(values: readonly unknown[], where: (index: number) => string): FaultRule[] {
    const inputs = values.map((value, i) => checkRule(value, where(i), this.#operations, this.#answers));
    if (this.#rules.length + inputs.length > MAX_RULES)
      throw new ApiError(
        400,
        `the sandbox keeps at most ${MAX_RULES} fault rules, and ${this.#rules.length} are in force; DELETE /__sandbox/faults clears them`,
      );
    return inputs.map((input) => {
      const rule: FaultRule = { ...input, id: `fault-${this.#next++}`, remaining: input.times ?? null, hits: 0 };
      this.#rules.push(rule);
      return structuredClone(rule);
    });
  }

  list(): FaultRule[] {
    return structuredClone(this.#rules);
  }

  remove(id: string): boolean {
    const index = this.#rules.findIndex((r) => r.id === id);
    if (index === -1) return false;
    this.#rules.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The first rule that takes a request of `operationId`, counted as taken; a spent rule goes. */
  take(operationId: string): Readonly<FaultRule> | undefined {
    const index = this.#rules.findIndex((r) => r.operationId === operationId);
    if (index === -1) return undefined;
    const rule = this.#rules[index]!;
    rule.hits++;
    if (rule.remaining !== null && --rule.remaining === 0) this.#rules.splice(index, 1);
    return rule;
  }
}

/** `fn`'s ApiError as a RangeError with the same message: how the programmatic API reports a bad rule. */
export function asRangeError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ApiError) throw new RangeError(error.message);
    throw error;
  }
}
