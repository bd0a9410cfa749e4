// The simulated bank's pages: the page behind a consentRedirectURL, where a person approves or
// rejects. Rendering only: what a visit or a decision does is domain/authorization.ts. Plain
// HTML forms, no script.
import type { AutomaticConsentDetails, InstantPaymentDetails } from '@klavi-pay/spec/types';
import type { Decided, LinkVisit } from '../domain/authorization.js';

export interface Page {
  status: number;
  html?: string;
  location?: string;
}

const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect x='6' y='6' width='20' height='20' rx='4' transform='rotate(45 16 16)' fill='%2332bcad'/%3E%3C/svg%3E">
<title>${escapeHtml(title)} · Klavi sandbox bank</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a2e; }
  h1 { font-size: 1.4rem; } dl { display: grid; grid-template-columns: auto 1fr; gap: .4rem 1rem; }
  dt { color: #555; } dd { margin: 0; font-weight: 600; } .notice { color: #8a4b00; }
  form { display: flex; gap: 1rem; margin-top: 2rem; } button { font-size: 1rem; padding: .6rem 1.4rem; border-radius: .4rem; border: 1px solid #888; cursor: pointer; }
  button[value=approve] { background: #0b6e4f; color: white; border-color: #0b6e4f; }
</style>
</head>
<body>
<p>Klavi sandbox bank: a simulation. No real account is debited.</p>
${body}
</body>
</html>`;
}

/** The page a visit to an authorization link shows. */
export function visitedPage(visit: LinkVisit, token: string): Page {
  switch (visit.kind) {
    case 'unknown':
      return { status: 404, html: layout('Unknown link', '<h1>This authorization link does not exist.</h1>') };
    case 'used':
      return {
        status: 410,
        html: layout(
          'Link used',
          '<h1>This authorization link was already used.</h1><p>Each link opens once. Ask the merchant to start again.</p>',
        ),
      };
    case 'expired':
      return {
        status: 410,
        html: layout(
          'Link expired',
          '<h1>This authorization link has expired.</h1><p>Links must be opened within 60 seconds.</p>',
        ),
      };
    case 'not-awaiting':
      return {
        status: 409,
        html: layout(
          'Nothing to authorize',
          `<h1>This ${visit.subject.what} cannot be authorized.</h1><p class="notice">Its status is ${escapeHtml(visit.subject.status)}.</p>`,
        ),
      };
    case 'form':
      break;
  }
  const { subject } = visit;
  const details = subject.kind === 'instant' ? instantDetails(subject.request) : consentDetails(subject.request);
  return {
    status: 200,
    html: layout(
      `Authorize ${subject.what}`,
      `<h1>Authorize this ${escapeHtml(subject.what)}?</h1>
<dl>${details}</dl>
<form method="post" action="/sandbox/bank/authorize/${escapeHtml(token)}">
<input type="hidden" name="formToken" value="${escapeHtml(visit.formToken)}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="reject">Reject</button>
</form>`,
    ),
  };
}

// Optional chaining throughout, as a record restored from a hand-edited data file may lack a field.
const instantDetails = (
  request: Readonly<InstantPaymentDetails>,
) => `<dt>Amount</dt><dd id="amount">${escapeHtml(request.currency)} ${escapeHtml(request.amount)}</dd>
<dt>Payee</dt><dd>${escapeHtml(request.creditorAccount?.holder?.name ?? request.proxy ?? 'QR code payee')}</dd>
<dt>Payer</dt><dd>${escapeHtml(request.customer?.name ?? request.customer?.identifier)}</dd>`;

const consentDetails = (
  request: Readonly<AutomaticConsentDetails>,
) => `<dt>Payee</dt><dd>${escapeHtml(request.creditorAccount?.holder?.name)}</dd>
<dt>Interval</dt><dd>${escapeHtml(request.paymentMethodConfig?.interval)}</dd>
<dt>Up to</dt><dd>${escapeHtml(request.paymentMethodConfig?.currency)} ${escapeHtml(request.paymentMethodConfig?.maximumVariableAmount ?? 'no limit')}</dd>`;

/** Where a decision leaves the person: back at the merchant, or an error page. */
export function decidedPage(decided: Decided): Page {
  if (decided.kind === 'back') return { status: 303, location: decided.location };
  if (decided.kind === 'invalid-decision')
    return { status: 400, html: layout('Invalid decision', '<h1>Choose Approve or Reject.</h1>') };
  return { status: 400, html: layout('Invalid form', '<h1>This authorization form is not valid any more.</h1>') };
}
