// The simulated bank's decisions, without the pages: a person opens an authorization link once,
// within its lifetime, and approves or rejects what it names. The outcomes are data; the bank
// pages (bank/pages.ts) render them.
import type { AutomaticConsentDetails, InstantPaymentDetails } from '@klavi-pay/spec/types';
import type { ConsentStatus, InstantStatus } from '../spec-model.js';
import { approveConsent, rejectConsent } from './automatic.js';
import { approveInstant, rejectInstant } from './instant.js';
import type { BankLink } from './records.js';
import type { SandboxState } from './state.js';

/** What a link is the page of, as the page shows it. */
export type Subject =
  | {
      kind: 'instant';
      what: 'payment';
      status: InstantStatus;
      request: Readonly<InstantPaymentDetails>;
      returnParam: 'paymentId';
    }
  | {
      kind: 'consent';
      what: 'Automatic Pix consent';
      status: ConsentStatus;
      request: Readonly<AutomaticConsentDetails>;
      returnParam: 'consentId';
    };

/** What a visit to an authorization link finds. */
export type LinkVisit =
  | { kind: 'unknown' }
  | { kind: 'used' }
  | { kind: 'expired' }
  | { kind: 'not-awaiting'; subject: Subject }
  | { kind: 'form'; subject: Subject; link: BankLink; formToken: string };

export type Decided = { kind: 'invalid-form' } | { kind: 'invalid-decision' } | { kind: 'back'; location: string };

const AWAITING = 'CONSENT_AWAITING_AUTHORIZATION';

function subjectOf(state: SandboxState, link: BankLink): Subject | undefined {
  if (link.kind === 'instant') {
    const record = state.store.instantPayment(link.resourceId);
    return (
      record && {
        kind: 'instant',
        what: 'payment',
        status: record.life.catchUp(state.clock).status,
        request: record.request,
        returnParam: 'paymentId',
      }
    );
  }
  const record = state.store.consent(link.resourceId);
  return (
    record && {
      kind: 'consent',
      what: 'Automatic Pix consent',
      status: record.life.catchUp(state.clock).status,
      request: record.request,
      returnParam: 'consentId',
    }
  );
}

/** GET: a link opens once, and only within its lifetime; it offers a decision only while the resource awaits one. */
export function openLink(state: SandboxState, token: string): LinkVisit {
  const link = state.store.link(token);
  const subject = link && subjectOf(state, link);
  if (!link || !subject) return { kind: 'unknown' };
  if (link.opened) return { kind: 'used' };
  if (state.clock.now() > link.expiresAt) return { kind: 'expired' };
  const formToken = subject.status === AWAITING ? state.ids.token() : undefined;
  state.store.openLink(link, formToken);
  if (formToken === undefined) return { kind: 'not-awaiting', subject };
  return { kind: 'form', subject, link, formToken };
}

/** POST: applies the decision once, then sends the person back to the merchant's redirectURL. */
export function decide(state: SandboxState, token: string, form: URLSearchParams): Decided {
  const link = state.store.link(token);
  const subject = link && subjectOf(state, link);
  const decision = form.get('decision');
  if (!link || !subject || !link.formToken || form.get('formToken') !== link.formToken) return { kind: 'invalid-form' };
  if (decision !== 'approve' && decision !== 'reject') return { kind: 'invalid-decision' };
  state.store.decideLink(link, decision);
  if (subject.status === AWAITING) {
    if (link.kind === 'instant') {
      const record = state.store.instantPayment(link.resourceId)!;
      (decision === 'approve' ? approveInstant : rejectInstant)(state, record);
    } else {
      const record = state.store.consent(link.resourceId)!;
      (decision === 'approve' ? approveConsent : rejectConsent)(state, record);
    }
  }
  const status = subjectOf(state, link)!.status;
  return {
    kind: 'back',
    location: backTo(subject.request.redirectURL, { [subject.returnParam]: link.resourceId, status }),
  };
}

/**
 * The merchant's redirectURL with the outcome in its query. The spec's HttpUrl (RFC 3986) admits
 * URLs the WHATWG parser refuses, such as a port above 65535 or an IPvFuture host: those get the
 * query appended as text, before the fragment if there is one, since the bank must send the person back either way.
 */
export function backTo(redirectURL: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params);
  try {
    const back = new URL(redirectURL);
    for (const [name, value] of query) back.searchParams.set(name, value);
    return back.toString();
  } catch {
    const hash = redirectURL.indexOf('#');
    const [base, fragment] = hash < 0 ? [redirectURL, ''] : [redirectURL.slice(0, hash), redirectURL.slice(hash)];
    return `${base}${base.includes('?') ? '&' : '?'}${query}${fragment}`;
  }
}
