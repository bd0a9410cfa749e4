// What a webhook receiver answered one delivery, as the receiver checks judge it: its status and
// headers, or no complete answer (named by the bounded transport: refused, reset, timed out, …).
// Klavi reads nothing of an answer but its status; the hook below is the one exception, and only
// for certification.

export type ReceiverAnswer =
  | { status: number; headers: Readonly<Record<string, string>> }
  /** No complete answer came back, and why. */
  | { error: string };

/** A 2xx: Klavi's delivery policy counts the event as delivered. */
export const acknowledged = (answer: ReceiverAnswer): boolean =>
  'status' in answer && answer.status >= 200 && answer.status <= 299;

/** `401`, `302 to https://…`, or `no answer: timed out: …`, for a check's message. */
export function describeAnswer(answer: ReceiverAnswer): string {
  if ('error' in answer) return `no answer: ${answer.error}`;
  const location = answer.headers.location;
  return location && answer.status >= 300 && answer.status <= 399
    ? `${answer.status} to ${location} (klavi-contract does not follow redirects: give --receiver the URL it redirects to)`
    : String(answer.status);
}

/**
 * The certification hook: a receiver under certification says whether it processed a delivery
 * with this response header, `true` when it processed the event, `false` when it skipped it as one
 * it had already processed (the same eventId). Klavi's deliveries ignore it.
 */
export const PROCESSED_HEADER = 'Klavi-Event-Processed';

export type Processed = { said: boolean } | { missing: true } | { unreadable: string };

/** What an answer says through the hook. */
export function processedOf(answer: ReceiverAnswer): Processed {
  const value = 'status' in answer ? answer.headers[PROCESSED_HEADER.toLowerCase()] : undefined;
  if (value === undefined) return { missing: true };
  const word = value.trim().toLowerCase();
  return word === 'true' ? { said: true } : word === 'false' ? { said: false } : { unreadable: value };
}

/** Why the replay check is skipped for a receiver without the hook, and how to add it. */
export const HOOK_MISSING = `not judged: the receiver does not say whether it processed a delivery. To have a repeated eventId checked, answer every delivery with the header ${PROCESSED_HEADER}: true when you processed the event, or ${PROCESSED_HEADER}: false when you skipped it because its eventId was already processed (see "Certify your webhook receiver" in the klavi-contract README)`;
