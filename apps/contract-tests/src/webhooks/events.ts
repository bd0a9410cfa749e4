// The events the webhooks run sends, built from the spec: for each webhook, its example body with
// a fresh eventId and the current time, validated against the webhook's body schema before it is
// sent, so that a bug of klavi-contract is never reported as the receiver's.
import { randomUUID } from 'node:crypto';
import { pointerGet, type Json, type JsonObject } from '@klavi-pay/openapi-runtime';
import type { Spec } from '../spec.js';

export type SpecWebhook = Spec['webhooks'][number];

/** klavi-contract could not build a valid event from the spec: its own bug, or the spec's, never the receiver's. */
export class InvalidEventError extends Error {}

export interface WebhookEvent {
  /** `instant_payment.status_changed`: the row of the summary table. */
  eventName: string;
  eventId: string;
  body: JsonObject;
  /** The bytes sent, and signed. */
  rawBody: string;
}

/** The name a webhook's events go by: the body's `eventName`, else the webhook's operationId. */
export const eventNameOf = (webhook: SpecWebhook): string => webhook.eventName ?? webhook.operationId;

/**
 * The body as sent: on one line, spaced as `{ "key": value, … }`, with every non-ASCII character
 * escaped (`\u00e3`). It is valid JSON that parses to the event, and no common serializer writes it
 * so (JSON.stringify writes no spaces and raw UTF-8; Python's json.dumps spaces only after `:` and
 * `,`), so a receiver that verifies the signature over re-serialized JSON instead of the raw bytes
 * is caught.
 */
export function serialize(value: Json): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(serialize).join(', ')} ]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${serialize(key)}: ${serialize(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A new event of `webhook`: its spec example, with a fresh eventId and `now` as its time. */
export function buildEvent(
  spec: Spec,
  webhook: SpecWebhook,
  fresh: { eventId?: string; now?: Date } = {},
): WebhookEvent {
  const eventName = eventNameOf(webhook);
  const bug = (what: string) =>
    new InvalidEventError(
      `klavi-contract cannot build a valid ${eventName} event: ${what}. This is a bug of klavi-contract or of the spec, not of your receiver; nothing was sent`,
    );
  if (!webhook.bodyPointer || !webhook.requestExamplePointer)
    throw bug('the spec gives the webhook no JSON body schema and example to build it from');
  const example = pointerGet(spec.doc, webhook.requestExamplePointer);
  if (example === null || typeof example !== 'object' || Array.isArray(example))
    throw bug(`the example at ${webhook.requestExamplePointer} is not an object`);
  const body = structuredClone(example);
  const eventId = fresh.eventId ?? randomUUID();
  const time = (fresh.now ?? new Date()).toISOString();
  body.eventId = eventId;
  body.eventTime = time;
  // The event's time is its status's statusUpdateAt (spec D-50): keep them the same.
  const data = body.data;
  if (data && typeof data === 'object' && !Array.isArray(data) && 'statusUpdateAt' in data) data.statusUpdateAt = time;
  const verdict = spec.validator.validate(webhook.bodyPointer, body, 'body');
  if (!verdict.valid) throw bug(`it does not validate against the spec's body schema (${verdict.message})`);
  return { eventName, eventId, body, rawBody: serialize(body) };
}
