// The simulated bank's decisions, without the pages: a person opens an authorization link once,
// within its lifetime, and approves or rejects what it names. The outcomes are data; the bank
// pages (bank/pages.ts) render them.
import { approveConsent, rejectConsent } from './automatic.js';
import { approveInstant, rejectInstant } from './instant.js';
import type { BankLink, SandboxState } from './state.js';

export interface Subject {
  what: 'payment' | 'Automatic Pix consent';
  status: string;
  request: Record<string, any>;
  returnParam: 'paymentId' | 'consentId';
}

export type Opened =
  | { kind: 'unknown' }
  | { kind: 'used' }
  | { kind: 'expired' }
  | { kind: 'not-awaiting'; subject: Subject }
  | { kind: 'form'; subject: Subject; link: BankLink; formToken: string };

export type Decided = { kind: 'invalid-form' } | { kind: 'invalid-decision' } | { kind: 'back'; location: string };

function subjectOf(state: SandboxState, link: BankLink): Subject | undefined {
  if (link.kind === 'instant') {
    const record = state.instantPayments.get(link.resourceId);
    return record && { what: 'payment', status: record.life.catchUp(state.clock).status, request: record.request, returnParam: 'paymentId' };
  }
  const record = state.consents.get(link.resourceId);
  return record && { what: 'Automatic Pix consent', status: record.life.catchUp(state.clock).status, request: record.request, returnParam: 'consentId' };
}

/** GET: a link opens once, and only within its lifetime; it offers a decision only while the resource awaits one. */
export function openLink(state: SandboxState, token: string): Opened {
  const link = state.links.get(token);
  const subject = link && subjectOf(state, link);
  if (!link || !subject) return { kind: 'unknown' };
  if (link.opened) return { kind: 'used' };
  if (state.clock.now() > link.expiresAt) return { kind: 'expired' };
  link.opened = true;
  state.linkChanged(link);
  if (subject.status !== 'CONSENT_AWAITING_AUTHORIZATION') return { kind: 'not-awaiting', subject };
  link.formToken = state.ids.token();
  return { kind: 'form', subject, link, formToken: link.formToken };
}

/** POST: applies the decision once, then sends the person back to the merchant's redirectURL. */
export function decide(state: SandboxState, token: string, form: URLSearchParams): Decided {
  const link = state.links.get(token);
  const subject = link && subjectOf(state, link);
  const decision = form.get('decision');
  if (!link || !subject || !link.formToken || form.get('formToken') !== link.formToken) return { kind: 'invalid-form' };
  if (decision !== 'approve' && decision !== 'reject') return { kind: 'invalid-decision' };
  link.formToken = undefined;
  state.linkChanged(link);
  if (subject.status === 'CONSENT_AWAITING_AUTHORIZATION') {
    if (link.kind === 'instant') {
      const record = state.instantPayments.get(link.resourceId)!;
      (decision === 'approve' ? approveInstant : rejectInstant)(state, record);
    } else {
      const record = state.consents.get(link.resourceId)!;
      (decision === 'approve' ? approveConsent : rejectConsent)(state, record);
    }
  }
  const status = subjectOf(state, link)!.status;
  return { kind: 'back', location: backTo(subject.request.redirectURL, { [subject.returnParam]: link.resourceId, status }) };
}

/**
 * The merchant's redirectURL with the outcome in its query. The spec's HttpUrl (RFC 3986) admits
 * URLs the WHATWG parser refuses, such as a port above 65535 or an IPvFuture host: those get the
 * query appended as text, before any fragment, since the bank must send the person back either way.
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
