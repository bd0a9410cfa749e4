// Payment events, put together: each change of a payment, consent or recurring payment becomes an
// event (envelope.ts), checked against the spec's webhook schema, and handed to the outbox
// (outbox.ts); due moves happen on their own (settler.ts). Only built when an app has a webhook
// URL: otherwise nothing listens, and the sandbox stays as lazy and as fast as before.
import type { JsonObject, SpecOperation, SpecValidator, SpecWebhook } from '@klavi-pay/openapi-runtime';
import type { Credential } from '../auth.js';
import type { MerchantApp, RecordKind } from '../domain/records.js';
import type { SandboxState } from '../domain/state.js';
import { eventCatalog, eventOf, type EventCatalog, type PaymentEvent } from './envelope.js';
import { EventOutbox, type DeliveryPolicy, type OutboxStore } from './outbox.js';
import { BackgroundSettler } from './settler.js';

export interface PaymentEventsOptions {
  state: SandboxState;
  doc: JsonObject;
  operations: readonly SpecOperation[];
  webhooks: readonly SpecWebhook[];
  validator: SpecValidator;
  apps: readonly MerchantApp[];
  customerCredentials: readonly Credential[];
  /** Whether the clock moves by itself: due steps are then timed, not only applied when it is advanced. */
  realTimeClock: boolean;
  /** The URL of every app that names none of its own. */
  webhookUrl: string | undefined;
  policy?: Partial<DeliveryPolicy>;
  /** Called after the background applied moves, outside any request: the data file commits them. */
  settled?: () => void;
  /** Keeps queued deliveries across a restart (the data file), with what an earlier run left queued. */
  store?: OutboxStore & { entries: ReadonlyArray<{ key: string; value: unknown }> };
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** An event the sandbox was about to send does not match the spec (a sandbox bug). */
  violation(webhook: SpecWebhook, message: string): void;
}

export class PaymentEvents {
  readonly outbox: EventOutbox;
  readonly catalog: EventCatalog;
  readonly #options: PaymentEventsOptions;
  readonly #settler: BackgroundSettler;
  readonly #unsubscribe: () => void;

  constructor(options: PaymentEventsOptions) {
    this.#options = options;
    const urls = new Map(options.apps.map((app) => [app.appId, app.webhookUrl ?? options.webhookUrl]));
    const secrets = new Map(options.customerCredentials.flatMap((c) => (c.appId ? [[c.appId, c.secretKey]] : [])));
    this.catalog = eventCatalog(options.doc, options.operations, options.webhooks);
    this.outbox = new EventOutbox({
      urlOf: (appId) => urls.get(appId),
      secretOf: (appId) => secrets.get(appId),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.store ? { store: options.store } : {}),
    });
    // What an earlier run had not delivered goes first, before anything this run makes.
    if (options.store) this.outbox.restore(options.store.entries);
    // Subscribed before the settler, so that the settler's first catch-up is heard.
    this.#unsubscribe = options.state.subscribe((change) => {
      const event = eventOf(change, options.state, this.catalog);
      if (event) this.emit(event);
    });
    this.#settler = new BackgroundSettler(options.state, options.realTimeClock, options.settled);
  }

  /** Checks `event` against its webhook's schema (a mismatch is a sandbox bug, reported), keeps and queues it. */
  emit(event: PaymentEvent) {
    const found = this.catalog.byName.get(event.eventName);
    if (found?.webhook.bodyPointer) {
      const verdict = this.#options.validator.validate(found.webhook.bodyPointer, event, 'event');
      if (!verdict.valid) this.#options.violation(found.webhook, verdict.message ?? 'invalid event');
    }
    return this.outbox.emit(event);
  }

  kindOf(eventName: string): RecordKind | undefined {
    return this.catalog.byName.get(eventName)?.kind;
  }

  close(): void {
    this.#settler.close();
    this.#unsubscribe();
    this.outbox.close();
  }
}
