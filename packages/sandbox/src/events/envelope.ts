// A payment event as the spec's webhooks declare it (D-50): the envelope, and as `data` what the
// resource's status endpoint returns at that moment. One per creation and per status move of an
// instant payment, a consent or a recurring payment, built from the change stream.
import type { JsonObject, SpecOperation, SpecWebhook } from '@klavi-pay/openapi-runtime';
import { resolvePointer } from '@klavi-pay/openapi-runtime';
import { timestamp } from '../clock.js';
import { automaticPaymentStatusView, consentStatusView } from '../domain/automatic.js';
import type { SandboxChange } from '../domain/changes.js';
import { instantStatusView } from '../domain/instant.js';
import type { AutomaticPaymentRecord, ConsentRecord, InstantPaymentRecord, RecordKind } from '../domain/records.js';
import type { SandboxState } from '../domain/state.js';
import { randomUuid } from '../ids.js';

export interface PaymentEvent {
  readonly partnerAppId: string;
  readonly eventId: string;
  readonly eventType: 'payment';
  readonly eventName: string;
  readonly eventTime: string;
  readonly data: JsonObject;
}

/** The status operation whose answer is each kind's event payload. */
const STATUS_OPERATION: Record<RecordKind, string> = {
  instant: 'getInstantPaymentStatus',
  consent: 'getAutomaticConsentStatus',
  'automatic-payment': 'getAutomaticPaymentStatus',
};

/** What a record's status endpoint answers now: the event's `data`. */
export function statusData(state: SandboxState, kind: RecordKind, record: unknown): JsonObject {
  if (kind === 'instant') return instantStatusView(state, record as InstantPaymentRecord) as unknown as JsonObject;
  if (kind === 'consent') return consentStatusView(state, record as ConsentRecord) as unknown as JsonObject;
  return automaticPaymentStatusView(state, record as AutomaticPaymentRecord) as unknown as JsonObject;
}

/** The spec's webhook for each kind: the one whose payload is the kind's status answer. */
export interface EventCatalog {
  readonly byKind: ReadonlyMap<RecordKind, SpecWebhook>;
  readonly byName: ReadonlyMap<string, { kind: RecordKind; webhook: SpecWebhook }>;
}

/**
 * Matches each kind to the webhook whose `data` schema is its status operation's 200 schema, so the
 * event names come from the spec; a kind the spec has no event for is left out (nothing is sent for it).
 */
export function eventCatalog(
  doc: JsonObject,
  operations: readonly SpecOperation[],
  webhooks: readonly SpecWebhook[],
): EventCatalog {
  const target = (pointer: string) => resolvePointer(doc, pointer);
  const byKind = new Map<RecordKind, SpecWebhook>();
  const byName = new Map<string, { kind: RecordKind; webhook: SpecWebhook }>();
  for (const [kind, operationId] of Object.entries(STATUS_OPERATION) as Array<[RecordKind, string]>) {
    const schema = operations.find((o) => o.operationId === operationId)?.responsePointers['200'];
    if (!schema) continue;
    const webhook = webhooks.find(
      (w) => w.dataPointer !== null && w.eventName !== null && target(w.dataPointer) === target(schema),
    );
    if (!webhook?.eventName) continue;
    byKind.set(kind, webhook);
    byName.set(webhook.eventName, { kind, webhook });
  }
  return { byKind, byName };
}

/** The event a change is, if it is one: a record made, or its status moved. */
export function eventOf(change: SandboxChange, state: SandboxState, catalog: EventCatalog): PaymentEvent | undefined {
  if (change.type !== 'created' && change.type !== 'status-moved') return undefined;
  const webhook = catalog.byKind.get(change.kind);
  if (!webhook?.eventName) return undefined;
  return {
    partnerAppId: change.appId,
    eventId: randomUuid(),
    eventType: 'payment',
    eventName: webhook.eventName,
    eventTime: timestamp(change.at),
    data: statusData(state, change.kind, change.record),
  };
}
