// A small API, and a way to change a copy of it, for the rule tests.
import type { JsonObject } from '@klavi-pay/openapi-runtime';
import { diffSpecs } from '../src/index.js';

export function api(): any {
  return withWebhooks({
    openapi: '3.1.0',
    info: { title: 'Payments', version: '1.0.0' },
    servers: [{ url: 'https://api.example.com' }],
    security: [{ Bearer: [] }],
    components: {
      securitySchemes: { Bearer: { type: 'http', scheme: 'bearer' }, Basic: { type: 'http', scheme: 'basic' } },
      parameters: {
        Signature: {
          name: 'X-Signature',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
      },
      schemas: {
        // A webhook's body: the API writes it, receivers read it. Its own schema, so that the
        // response rules' cases above are not also webhook changes.
        PaymentEvent: {
          type: 'object',
          required: ['eventId', 'status', 'data'],
          properties: {
            eventId: { type: 'string' },
            status: { type: 'string', enum: ['PENDING', 'DONE'] },
            note: { type: 'string' },
            data: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
          },
        },
        Payment: {
          type: 'object',
          required: ['id', 'status'],
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: ['PENDING', 'DONE'] },
            amount: { type: 'string' },
            legacyRef: { type: 'string', deprecated: true, 'x-sunset': '2026-01-01' },
            note: { type: 'string', deprecated: true, 'x-sunset': '2027-06-30' },
            kind: { const: 'payment' },
            channel: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
          },
        },
        PaymentRequest: {
          type: 'object',
          required: ['amount'],
          additionalProperties: false,
          properties: {
            amount: { type: 'string', maxLength: 19, minLength: 4, pattern: '^\\d+\\.\\d{2}$' },
            kind: { type: 'string', enum: ['PIX', 'TED'] },
            note: { type: 'string' },
            count: { type: 'integer', minimum: 1, maximum: 10 },
            tags: { type: 'array', maxItems: 5, items: { type: 'string' } },
            priority: { type: 'string', enum: ['LOW', 'HIGH'], default: 'LOW' },
            method: {
              oneOf: [
                { type: 'object', required: ['pix'], properties: { pix: { type: 'string' } } },
                { type: 'object', required: ['ted'], properties: { ted: { type: 'string' } } },
              ],
            },
          },
        },
      },
    },
    paths: {
      '/payments': {
        post: {
          operationId: 'createPayment',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PaymentRequest' } } },
          },
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Payment' } } },
            },
            '400': { description: 'bad' },
          },
        },
      },
      '/payments/{id}': {
        get: {
          operationId: 'getPayment',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
          ],
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Payment' } } },
            },
            '404': { description: 'missing' },
            '429': {
              description: 'slow down',
              headers: { 'Retry-After': { required: true, schema: { type: 'integer', minimum: 0 } } },
            },
          },
        },
        delete: {
          operationId: 'deletePayment',
          deprecated: true,
          'x-sunset': '2026-06-01',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'gone' } },
        },
      },
      '/refunds': {
        post: {
          operationId: 'createRefund',
          deprecated: true,
          'x-sunset': '2027-12-31',
          requestBody: {
            content: {
              'application/json': { schema: { type: 'object', properties: { paymentId: { type: 'string' } } } },
            },
          },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  });
}

/** Adds the webhooks: each rule test diffs two copies of the API, so they are in both. */
function withWebhooks(doc: any): any {
  const event = (operationId: string) => ({
    operationId,
    security: [],
    parameters: [
      { $ref: '#/components/parameters/Signature' },
      { name: 'X-Delivery-Attempt', in: 'header', schema: { type: 'integer', minimum: 1 } },
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PaymentEvent' } } },
    },
    responses: { '200': { description: 'acknowledged' } },
  });
  doc.webhooks = {
    paymentUpdated: { post: event('paymentUpdated') },
    // Deprecated, with a sunset that has passed (2026-06-01 before 2026-11-21).
    paymentSettled: { post: { ...event('paymentSettled'), deprecated: true, 'x-sunset': '2026-06-01' } },
  };
  return doc;
}

export const TODAY = '2026-11-21';

/** The findings from the base API to a copy changed by `change`. */
export function diffAfter(change: (doc: any) => void) {
  const head = api();
  change(head);
  return diffSpecs(api() as JsonObject, head as JsonObject, { today: TODAY });
}
