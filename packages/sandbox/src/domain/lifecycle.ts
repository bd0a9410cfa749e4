// A resource's status on the sandbox clock. Every change goes through `move`, which refuses what
// the spec's x-transitions do not allow: at run time always, and at compile time for planned
// paths (`path`) and for moves out of a known set of statuses (`moveFrom`). Once its record is
// stored, each move and each new plan is reported to the store's observer, which puts it on the
// change stream (domain/store.ts).
import { TransitionError, transitionAllowed } from '@klavi-pay/openapi-runtime';
import type { SandboxClock } from '../clock.js';
import {
  machine,
  type CommonNextOf,
  type MachineName,
  type NextOf,
  type ReasonCode,
  type StatusOf,
} from '../spec-model.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The consentRedirectURL can be opened once, within 60 seconds (docs). */
export const REDIRECT_VALID_MS = 60 * SECOND;
/** Consents nobody answers end after 60 minutes (docs). */
const AUTHORIZATION_TIMEOUT_MS = 60 * MINUTE;
/** The sandbox settles one status per sandbox second. */
export const STEP_MS = SECOND;

export interface StatusReason {
  code: ReasonCode;
  message: string;
}

/** One planned status change: `afterMs` after the previous step (default one second). */
export type Step<M extends MachineName> =
  | StatusOf<M>
  | { readonly status: StatusOf<M>; readonly afterMs?: number; readonly reason?: StatusReason };

type StatusOfStep<S> = S extends { readonly status: infer X } ? X : S;

/** `Steps` itself when each step may follow the one before it (from `From`), else an error naming the first move that may not. */
export type CheckPath<
  M extends MachineName,
  From extends StatusOf<M>,
  Steps extends readonly unknown[],
> = Steps extends readonly [infer Head, ...infer Rest]
  ? StatusOfStep<Head> extends NextOf<M, From>
    ? StatusOfStep<Head> extends StatusOf<M>
      ? CheckPath<M, StatusOfStep<Head>, Rest> extends readonly unknown[]
        ? Steps
        : CheckPath<M, StatusOfStep<Head>, Rest>
      : never
    : { error: `${M}: ${From} cannot move to ${StatusOfStep<Head> & string}` }
  : Steps;

/** A path through a state machine, checked against x-transitions when it is written. */
export interface Path<M extends MachineName> {
  readonly machine: M;
  readonly from: StatusOf<M>;
  readonly steps: readonly Step<M>[];
}

export function path<M extends MachineName, const From extends StatusOf<M>, const Steps extends readonly Step<M>[]>(
  name: M,
  from: From,
  steps: Steps & CheckPath<M, From, Steps>,
): Path<M> {
  let current: StatusOf<M> = from;
  for (const step of steps as readonly Step<M>[]) {
    const to = typeof step === 'string' ? step : step.status;
    checkMove(name, current, to);
    current = to;
  }
  return { machine: name, from, steps };
}

/** Throws the TransitionError a move x-transitions does not allow is. */
function checkMove(name: MachineName, from: string, to: string): void {
  const spec = machine(name) as { transitions: Readonly<Record<string, readonly string[]>> };
  if (!transitionAllowed(spec, from, to)) throw new TransitionError(name, from, to, spec.transitions[from] ?? []);
}

function checkStatus(name: MachineName, status: string): void {
  const spec = machine(name) as { transitions: Readonly<Record<string, readonly string[]>> };
  if (!(status in spec.transitions))
    throw new Error(`life.history starts in ${status}, which is not a status of ${name}`);
}

/** One planned status change: the status, when it falls due, and why. */
export interface PlannedStep<S extends string> {
  readonly at: number;
  readonly status: S;
  readonly reason: StatusReason | undefined;
}

/** A lifecycle as plain JSON, for the data file (persistence/). */
export interface LifecycleData {
  machine: string;
  status: string;
  reason?: StatusReason;
  updatedAt: number;
  history: string[];
  planned: Array<{ at: number; status: string; reason?: StatusReason }>;
}

/** Why a status moved: an operation moved it, or a planned step fell due and a read applied it (`catchUp`). */
export type MoveCause = 'operation' | 'plan';

/**
 * What a lifecycle can be asked without changing it: what the records outside code reads carry
 * (domain/records.ts).
 */
export interface LifecycleState<M extends MachineName> {
  readonly machine: M;
  readonly status: StatusOf<M>;
  readonly reason: StatusReason | undefined;
  /** When the status last changed, on the sandbox clock. */
  readonly updatedAt: number;
  /** Every status the resource has had, in order. */
  readonly history: readonly StatusOf<M>[];
  /** What is planned, in order. */
  readonly planned: readonly PlannedStep<StatusOf<M>>[];
  toData(): LifecycleData;
}

/**
 * Told of every change of a stored record's lifecycle, with the record (`subject`): domain/store.ts
 * attaches one when it stores the record, so the change stream learns of a move from the move
 * itself and none can be missed. One observer serves every record: a lifecycle keeps its subject.
 */
export interface LifecycleObserver<M extends MachineName, S> {
  moved(
    subject: S,
    from: StatusOf<M>,
    to: StatusOf<M>,
    at: number,
    reason: StatusReason | undefined,
    cause: MoveCause,
  ): void;
  replanned(subject: S): void;
}

/**
 * Nothing runs in the background: each read first applies every change whose time has come, so
 * advancing the clock is instantaneous and deterministic. Its fields change only through `move`,
 * `moveFrom`, `plan` and `catchUp`, which tell the observer of a stored record.
 */
export class Lifecycle<M extends MachineName> implements LifecycleState<M> {
  #status: StatusOf<M>;
  #reason: StatusReason | undefined;
  #updatedAt: number;
  readonly #history: StatusOf<M>[];
  #planned: PlannedStep<StatusOf<M>>[] = [];
  #observer: LifecycleObserver<M, unknown> | undefined;
  #subject: unknown;

  constructor(
    readonly machine: M,
    status: StatusOf<M>,
    at: number,
    reason?: StatusReason,
  ) {
    this.#status = status;
    this.#updatedAt = at;
    this.#reason = reason;
    this.#history = [status];
  }

  get status(): StatusOf<M> {
    return this.#status;
  }

  get reason(): StatusReason | undefined {
    return this.#reason;
  }

  get updatedAt(): number {
    return this.#updatedAt;
  }

  get history(): readonly StatusOf<M>[] {
    return this.#history;
  }

  get planned(): readonly PlannedStep<StatusOf<M>>[] {
    return this.#planned;
  }

  /** Reports every later change to `observer`, with `subject`; once, when the record is stored. */
  observe<S>(observer: LifecycleObserver<M, S>, subject: S): void {
    if (this.#observer)
      throw new Error(`${this.machine}: this lifecycle already has an observer; a record is stored once`);
    // Kept without its subject's type: the observer is only ever called with this subject.
    this.#observer = observer;
    this.#subject = subject;
  }

  /** Moves to `to`; a move x-transitions does not allow is a sandbox bug and throws. */
  move(to: StatusOf<M>, at: number, reason?: StatusReason): void {
    this.#move(to, at, reason, 'operation');
  }

  #move(to: StatusOf<M>, at: number, reason: StatusReason | undefined, cause: MoveCause): void {
    const from = this.#status;
    checkMove(this.machine, from, to);
    this.#history.push(to);
    this.#status = to;
    this.#updatedAt = at;
    this.#reason = reason;
    this.#observer?.moved(this.#subject, from, to, at, reason, cause);
  }

  /** Moves out of one of `from` (an operation's x-requires-status) to a status all of them may reach. */
  moveFrom<const F extends StatusOf<M>>(
    from: readonly F[],
    to: CommonNextOf<M, F>,
    at: number,
    reason?: StatusReason,
  ): void {
    if (!(from as readonly StatusOf<M>[]).includes(this.#status))
      throw new Error(`${this.machine}: moveFrom(${from.join(', ')}) called in ${this.#status}`);
    this.move(to, at, reason);
  }

  /**
   * Replaces what was planned with `path`, its steps timed from `start`. The path starts where the
   * resource is, or where it will be at `start` when it gets there first (`via`, checked as every move is).
   */
  plan(planned: Path<M> | null, start = 0, via?: StatusOf<M>): void {
    const steps: PlannedStep<StatusOf<M>>[] = [];
    if (planned) {
      const from = via ?? this.#status;
      if (via !== undefined) {
        checkMove(this.machine, this.#status, via);
        steps.push({ at: start, status: via, reason: undefined });
      }
      if (planned.from !== from) throw new Error(`${this.machine}: a path from ${planned.from} planned in ${from}`);
      let at = start;
      for (const step of planned.steps) {
        const { status, afterMs = STEP_MS, reason } = typeof step === 'string' ? { status: step } : step;
        at += afterMs;
        steps.push({ at, status, reason });
      }
    }
    this.#planned = steps;
    this.#observer?.replanned(this.#subject);
  }

  toData(): LifecycleData {
    const withReason = <T extends object>(value: T, reason: StatusReason | undefined) =>
      reason ? { ...value, reason } : value;
    return withReason(
      {
        machine: this.machine,
        status: this.#status,
        updatedAt: this.#updatedAt,
        history: [...this.#history],
        planned: this.#planned.map(({ at, status, reason }) => withReason({ at, status }, reason)),
      },
      this.#reason,
    );
  }

  /**
   * A lifecycle written by `toData`, checked against the spec as it is now: every move of its
   * history and of its plan must be one x-transitions allows, so a data file from a spec whose
   * state machine has changed since is refused with the move that no longer holds.
   */
  static fromData<M extends MachineName>(name: M, data: LifecycleData): Lifecycle<M> {
    if (data.machine !== name) throw new Error(`life.machine is ${data.machine}, expected ${name}`);
    const [first, ...rest] = data.history;
    if (first === undefined || first === null) throw new Error('life.history is empty');
    checkStatus(name, first);
    const life = new Lifecycle<M>(name, first as StatusOf<M>, data.updatedAt);
    for (const status of rest) life.move(status as StatusOf<M>, data.updatedAt);
    if (life.#status !== data.status)
      throw new Error(`life.status is ${data.status}, but its history ends in ${life.#status}`);
    life.#updatedAt = data.updatedAt;
    life.#reason = data.reason;
    let from: string = life.#status;
    for (const step of data.planned) {
      checkMove(name, from, step.status);
      life.#planned.push({ at: step.at, status: step.status as StatusOf<M>, reason: step.reason });
      from = step.status;
    }
    return life;
  }

  /** Applies every planned step whose time has come, each a move the observer hears of as planned. */
  catchUp(clock: SandboxClock): this {
    const now = clock.now();
    while (this.#planned.length > 0 && this.#planned[0]!.at <= now) {
      const next = this.#planned.shift()!;
      this.#move(next.status, next.at, next.reason, 'plan');
    }
    return this;
  }
}

/** A lifecycle of one of the spec's state machines. */
export type AnyLifecycle = { [M in MachineName]: Lifecycle<M> }[MachineName];

/** `statusReason` for a view, present only when there is one. */
export const reasonOf = (record: {
  readonly life: { readonly reason: StatusReason | undefined };
}): { statusReason?: StatusReason } => (record.life.reason ? { statusReason: record.life.reason } : {});

const UNANSWERED: StatusReason = {
  code: 'TEMPO_EXPIRADO_AUTORIZACAO',
  message: 'O usuário não autorizou o consentimento em 60 minutos.',
};

/** A new instant payment waiting for the person at the bank; unanswered for 60 minutes it is CONSENT_REJECTED. */
export function awaitingInstantAuthorization(now: number): Lifecycle<'InstantPaymentStatus'> {
  const life = new Lifecycle('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', now);
  life.plan(
    path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', [
      { status: 'CONSENT_REJECTED', afterMs: AUTHORIZATION_TIMEOUT_MS, reason: UNANSWERED },
    ]),
    now,
  );
  return life;
}

/** A new consent waiting for the person at the bank; unanswered for 60 minutes it is EXPIRED. */
export function awaitingConsentAuthorization(now: number): Lifecycle<'AutomaticConsentStatus'> {
  const life = new Lifecycle('AutomaticConsentStatus', 'CONSENT_AWAITING_AUTHORIZATION', now);
  life.plan(
    path('AutomaticConsentStatus', 'CONSENT_AWAITING_AUTHORIZATION', [
      { status: 'EXPIRED', afterMs: AUTHORIZATION_TIMEOUT_MS, reason: UNANSWERED },
    ]),
    now,
  );
  return life;
}
