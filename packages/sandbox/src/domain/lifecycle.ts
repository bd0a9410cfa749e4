import type { SandboxClock } from '../clock.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The consentRedirectURL can be opened once, within 60 seconds (docs). */
export const REDIRECT_VALID_MS = 60 * SECOND;
/** Consents nobody answers end after 60 minutes (docs). */
const AUTHORIZATION_TIMEOUT_MS = 60 * MINUTE;

export interface StatusReason {
  code: string;
  message: string;
}

/** A status change planned for a moment on the sandbox clock. */
export interface Transition {
  at: number;
  status: string;
  reason?: StatusReason;
}

/**
 * A resource's status and the changes planned for it. Nothing runs in the background: each read
 * first applies every change whose time has come, so advancing the clock is instantaneous and
 * deterministic.
 */
export class Lifecycle {
  status: string;
  reason: StatusReason | undefined;
  updatedAt: number;
  /** Every status the resource has had, in order: what the tests hold against the spec's x-transitions. */
  readonly history: string[];
  #planned: Transition[] = [];

  constructor(status: string, at: number, reason?: StatusReason) {
    this.status = status;
    this.updatedAt = at;
    this.reason = reason;
    this.history = [status];
  }

  set(status: string, at: number, reason?: StatusReason): void {
    if (status !== this.status) this.history.push(status);
    this.status = status;
    this.updatedAt = at;
    this.reason = reason;
  }

  /** Replaces whatever was planned. */
  plan(transitions: Transition[]): void {
    this.#planned = [...transitions].sort((a, b) => a.at - b.at);
  }

  get planned(): readonly Transition[] {
    return this.#planned;
  }

  catchUp(clock: SandboxClock): this {
    const now = clock.now();
    while (this.#planned.length > 0 && this.#planned[0]!.at <= now) {
      const next = this.#planned.shift()!;
      this.set(next.status, next.at, next.reason);
    }
    return this;
  }
}

/** Transitions one `stepMs` apart, starting `stepMs` after `from`. */
export function steps(from: number, stepMs: number, statuses: Array<string | [string, StatusReason]>): Transition[] {
  return statuses.map((entry, index) => {
    const [status, reason] = typeof entry === 'string' ? [entry, undefined] : entry;
    return { at: from + stepMs * (index + 1), status, ...(reason ? { reason } : {}) };
  });
}

export const reason = (code: string, message: string): StatusReason => ({ code, message });

/** `statusReason` for a view, present only when there is one. */
export const reasonOf = (record: { life: Lifecycle }) => (record.life.reason ? { statusReason: record.life.reason } : {});

/**
 * A new payment or consent, waiting for the person at the bank. Unanswered for 60 minutes it ends
 * in `timeoutStatus` (CONSENT_REJECTED for instant payments, EXPIRED for consents).
 */
export function awaitingAuthorization(now: number, timeoutStatus: string): Lifecycle {
  const life = new Lifecycle('CONSENT_AWAITING_AUTHORIZATION', now);
  life.plan([{ at: now + AUTHORIZATION_TIMEOUT_MS, status: timeoutStatus, reason: reason('TEMPO_EXPIRADO_AUTORIZACAO', 'O usuário não autorizou o consentimento em 60 minutos.') }]);
  return life;
}
