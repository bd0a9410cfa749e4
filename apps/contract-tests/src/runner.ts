// Runs cases one at a time, in a stable order, so a seed reproduces a run. A case is a titled
// piece of work that calls registered checks with what its requests got back, and their outcomes
// become check results; an error inside it fails the case rather than the run, and a SkipCase
// marks it skipped with the reason.
import picomatch from 'picomatch';
import type { CalledBy, Check } from './checks/define.js';
import { outcomesFor, type CheckOutcome } from './checks/outcome.js';
import type { CheckName } from './checks/registry.js';
import { SkipCase } from './skip.js';
import { inCase, type Recorder } from './exchange.js';
import type { CheckResult } from './results.js';
import type { RunStop } from './transport/run-stop.js';

export interface CaseSpec {
  /** Unique and stable: `negative/createInstantPayment/body.amount/pattern`. */
  id: string;
  suite: string;
  operations: string[];
  checks: CheckName[];
}

export interface CaseApi {
  /**
   * Judges `input` with a registered suite (or receiver) check and records its outcome for
   * `operationId`. Returns whether it passed (or had nothing to judge): a case stops where it
   * returns false.
   */
  check<Name extends CheckName, Input>(check: Check<Name, Input, CalledBy>, operationId: string, input: Input): boolean;
}

export interface RunnerEvents {
  caseStart?(spec: CaseSpec): void;
  caseEnd?(spec: CaseSpec, results: CheckResult[]): void;
}

export interface Filter {
  only: string[];
  skip: string[];
}

export class CaseRunner {
  readonly #recorder: Recorder;
  readonly #sink: (result: CheckResult) => void;
  readonly #events: RunnerEvents;
  readonly #only: picomatch.Matcher | undefined;
  readonly #skip: picomatch.Matcher | undefined;
  readonly #onlyGlobs: string[];
  readonly #stop: RunStop | undefined;

  constructor(
    recorder: Recorder,
    sink: (result: CheckResult) => void,
    filter: Filter,
    events: RunnerEvents = {},
    stop?: RunStop,
  ) {
    this.#recorder = recorder;
    this.#stop = stop;
    this.#sink = sink;
    this.#events = events;
    this.#only = filter.only.length > 0 ? picomatch(filter.only) : undefined;
    this.#onlyGlobs = filter.only;
    this.#skip = filter.skip.length > 0 ? picomatch(filter.skip) : undefined;
  }

  /** Whether the filter lets a case run: a glob may name its id, suite, an operation or a check. */
  selected(spec: CaseSpec): boolean {
    const names = [spec.id, spec.suite, ...spec.operations, ...spec.checks];
    if (this.#only && !names.some((n) => this.#only!(n))) return false;
    return !(this.#skip && names.some((n) => this.#skip!(n)));
  }

  /**
   * Whether some case under `prefix` may be selected: cases whose ids are only known once a setup
   * step has run (the negative suite derives them from a valid input) need that step to run first.
   * An over-approximation: a glob whose literal start is compatible with the prefix counts.
   */
  mayRunUnder(prefix: string, spec: Omit<CaseSpec, 'id'>): boolean {
    const names = [spec.suite, ...spec.operations, ...spec.checks];
    if (this.#skip && (names.some((n) => this.#skip!(n)) || this.#skip(`${prefix}/`) || this.#skip(prefix)))
      return false;
    if (!this.#only) return true;
    if (names.some((n) => this.#only!(n))) return true;
    return this.#onlyGlobs.some((glob) => {
      const { base } = picomatch.scan(glob);
      return prefix.startsWith(base) || base.startsWith(prefix);
    });
  }

  /** Whether `--skip` names a check, which then is not recorded at all. */
  checkSkipped(check: CheckName): boolean {
    return this.#skip?.(check) ?? false;
  }

  /**
   * Runs a case unless the filter leaves it out; `always` runs it whatever the filter says. Once the
   * run has stopped no case starts, and a case that was running records nothing more: its
   * requests fail only because the run stopped, which the report states once, as the reason.
   */
  async case(spec: CaseSpec, body: (t: CaseApi) => Promise<void>, options: { always?: boolean } = {}): Promise<void> {
    if (!options.always && !this.selected(spec)) return;
    if (this.#stop?.stopped) return;
    this.#events.caseStart?.(spec);
    const results: CheckResult[] = [];
    const lastExchange = () => {
      for (let i = this.#recorder.exchanges.length - 1; i >= 0; i--) {
        const exchange = this.#recorder.exchanges[i]!;
        if (exchange.caseId === spec.id) return exchange.seq;
      }
      return undefined;
    };
    const record = ({ check, operationId, outcome, message }: CheckOutcome<CheckName>) => {
      if (this.checkSkipped(check) || this.#stop?.stopped) return;
      const exchange = outcome === 'skip' ? undefined : lastExchange();
      const result: CheckResult = {
        check,
        operationId,
        outcome,
        caseId: spec.id,
        ...(message ? { message } : {}),
        ...(exchange ? { exchange } : {}),
      };
      results.push(result);
      this.#sink(result);
    };
    const api: CaseApi = {
      check: (check, operationId, input) => {
        const outcome = check.judge(operationId, input);
        if (outcome) record(outcome);
        return outcome === undefined || outcome.outcome === 'pass';
      },
    };
    try {
      await inCase(spec.id, () => body(api));
    } catch (error) {
      // The case as a whole: reported under its first check and operation.
      const [check] = spec.checks;
      const [operationId = '-'] = spec.operations;
      const outcome = outcomesFor(check!, operationId);
      record(
        error instanceof SkipCase
          ? outcome.skip(error.message)
          : outcome.fail(`the case stopped: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    this.#events.caseEnd?.(spec, results);
  }
}
