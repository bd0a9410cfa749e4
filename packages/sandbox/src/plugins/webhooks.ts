// The sandbox's payment-event endpoints under /__sandbox/webhooks: what is configured, the events
// it made, every delivery attempt, a resend, and a trigger that sends any event (for a record it
// holds, or from the spec's example) with overrides, as `stripe trigger` does.
import type { FastifyInstance } from 'fastify';
import { pointerGet, type JsonObject } from '@klavi-pay/openapi-runtime';
import { timestamp } from '../clock.js';
import type { SandboxState } from '../domain/state.js';
import { statusData, type PaymentEvent } from '../events/envelope.js';
import type { PaymentEvents } from '../events/payment-events.js';
import { ApiError, errorBody } from '../errors.js';
import { randomUuid } from '../ids.js';
import type { SpecValidator } from '@klavi-pay/openapi-runtime';
import { CONTROL_PREFIX } from './control.js';

const PREFIX = `${CONTROL_PREFIX}/webhooks`;

export interface WebhookRoutesOptions {
  events: PaymentEvents | undefined;
  state: SandboxState;
  doc: JsonObject;
  validator: SpecValidator;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  const { state, doc, validator } = options;
  const enabled = (): PaymentEvents => {
    if (!options.events)
      throw new ApiError(
        409,
        'payment events are off: start the sandbox with --webhook-url URL (or a webhookUrl for an app in the config file)',
      );
    return options.events;
  };

  app.get(PREFIX, async () => {
    const events = options.events;
    return {
      enabled: events !== undefined,
      apps: state.apps.map(({ appId, webhookUrl }) => ({ appId, webhookUrl: webhookUrl ?? null })),
      ...(events
        ? { policy: events.outbox.policy, queued: events.outbox.queued, eventNames: [...events.catalog.byName.keys()] }
        : {}),
    };
  });

  app.get<{ Querystring: { resourceId?: string } }>(`${PREFIX}/events`, async (request) => {
    const { resourceId } = request.query;
    const events = enabled().outbox.events();
    return {
      events: events
        .filter((e) => resourceId === undefined || e.event.data.id === resourceId)
        .map(({ event, url, delivered }) => ({ event, url, delivered })),
    };
  });

  app.get(`${PREFIX}/deliveries`, async () => ({ attempts: enabled().outbox.attempts() }));

  app.post<{ Params: { eventId: string } }>(`${PREFIX}/events/:eventId/resend`, async (request, reply) => {
    const stored = enabled().outbox.resend(request.params.eventId);
    if (!stored)
      return reply
        .code(404)
        .send(errorBody(404, `there is no event ${request.params.eventId}; GET ${PREFIX}/events lists them`));
    if (!stored.url) throw new ApiError(409, `app ${stored.event.partnerAppId} has no webhook URL to resend to`);
    return reply.code(202).send({ event: stored.event, url: stored.url });
  });

  app.post(`${PREFIX}/trigger`, async (request, reply) => {
    const events = enabled();
    const body = request.body;
    if (!isPlainObject(body))
      throw new ApiError(400, 'send a JSON object: {"eventName": …, "id"?: …, "appId"?: …, "data"?: {…}}');
    for (const key of Object.keys(body))
      if (!['eventName', 'id', 'appId', 'data'].includes(key))
        throw new ApiError(400, `body.${key} is not a field of a trigger; it takes eventName, id, appId and data`);
    const names = [...events.catalog.byName.keys()];
    const found = typeof body.eventName === 'string' ? events.catalog.byName.get(body.eventName) : undefined;
    if (!found) throw new ApiError(400, `body.eventName must be one of ${names.join(', ')}`);
    if (body.data !== undefined && !isPlainObject(body.data))
      throw new ApiError(400, 'body.data must be an object: the fields of data to override');
    let appId: string;
    let data: JsonObject;
    if (body.id !== undefined) {
      if (typeof body.id !== 'string') throw new ApiError(400, 'body.id must be the id of a record the sandbox holds');
      const record =
        found.kind === 'instant'
          ? state.instantPayment(body.id)
          : found.kind === 'consent'
            ? state.consent(body.id)
            : state.automaticPayment(body.id);
      if (!record) throw new ApiError(404, `there is no ${found.kind} ${body.id} for ${found.webhook.eventName}`);
      appId = record.appId;
      data = statusData(state, found.kind, record);
    } else {
      const named = typeof body.appId === 'string' ? state.apps.find((a) => a.appId === body.appId) : undefined;
      if (body.appId !== undefined && !named)
        throw new ApiError(400, `body.appId ${JSON.stringify(body.appId)} is not an app of the sandbox`);
      appId = (named ?? state.apps.find((a) => a.webhookUrl) ?? state.apps[0]!).appId;
      const example = found.webhook.requestExamplePointer
        ? pointerGet(doc, found.webhook.requestExamplePointer)
        : undefined;
      data = structuredClone((isPlainObject(example) && isPlainObject(example.data) ? example.data : {}) as JsonObject);
    }
    const merged = { ...data, ...(body.data as JsonObject | undefined) } as JsonObject;
    const event: PaymentEvent = {
      partnerAppId: appId,
      eventId: randomUuid(),
      eventType: 'payment',
      eventName: found.webhook.eventName!,
      eventTime: typeof merged.statusUpdateAt === 'string' ? merged.statusUpdateAt : timestamp(state.clock.now()),
      data: merged,
    };
    // Overrides are the caller's: an event they make invalid is refused, naming the field.
    const verdict = validator.validate(found.webhook.bodyPointer!, event, 'event');
    if (!verdict.valid) throw new ApiError(400, verdict.message ?? 'the event does not match the spec');
    const stored = events.emit(event);
    return reply.code(202).send({
      event,
      url: stored.url,
      note: body.id === undefined ? 'from the spec example: it names no record the sandbox holds' : undefined,
    });
  });
}
