// The payment events (D-50): one webhook per event name, each signed with the two documented
// headers, carrying the envelope and, as `data`, what the resource's status endpoint returns; its
// examples valid against its schema with Ajv, like every other example (examples.test.ts).
import { readModel } from '@klavi-pay/openapi-runtime';
import { describe, expect, it } from 'vitest';
import { bundle, deref, describeErrors, type JsonObject, validateAt } from './support/spec.js';

const model = readModel(bundle);
/** The node at `pointer`, following `$ref`s to the end. */
const at = (pointer: string): JsonObject => {
  let node = deref({ $ref: pointer } as JsonObject);
  while (typeof node.$ref === 'string') node = deref(node);
  return node;
};
const names = model.enums.PaymentEventName ?? [];

describe('the payment events', () => {
  it('has one webhook per event name, each a POST that fixes its eventName', () => {
    expect(model.webhooks.map((w) => w.eventName).sort()).toEqual([...names].sort());
    for (const webhook of model.webhooks) expect(webhook.method, webhook.name).toBe('POST');
  });

  it('signs every event with the two documented headers, both required', () => {
    for (const webhook of model.webhooks)
      expect(
        webhook.headers.map((h) => [h.name, h.required]),
        webhook.name,
      ).toEqual([
        ['X-Klavi-Signature', true],
        ['X-Klavi-Timestamp', true],
      ]);
  });

  it("carries, as data, the schema of the resource's status endpoint", () => {
    const statusSchemas = new Map(
      model.operations
        .filter((o) => o.method === 'GET' && o.path.endsWith('/status'))
        .map((o) => [at(o.responsePointers['200']!), o.operationId] as const),
    );
    for (const webhook of model.webhooks) {
      const data = at(webhook.dataPointer!);
      expect(statusSchemas.has(data), `${webhook.name}'s data is a status response`).toBe(true);
    }
    expect(model.webhooks).toHaveLength(statusSchemas.size);
  });

  it('has examples that validate against their event schema, naming their own event', () => {
    for (const webhook of model.webhooks) {
      const example = at(webhook.requestExamplePointer!);
      const verdict = validateAt(webhook.bodyPointer!, example);
      expect(verdict.valid, describeErrors(verdict.errors)).toBe(true);
      expect(example.eventName).toBe(webhook.eventName);
    }
  });

  it('refuses an event whose data is another resource, or with a field the envelope does not have', () => {
    const [instant, consent] = model.webhooks;
    const example = at(instant!.requestExamplePointer!);
    const other = at(consent!.requestExamplePointer!);
    expect(validateAt(instant!.bodyPointer!, { ...example, data: other.data }).valid).toBe(false);
    expect(validateAt(instant!.bodyPointer!, { ...example, extra: true }).valid).toBe(false);
    expect(validateAt(instant!.bodyPointer!, { ...example, eventName: other.eventName }).valid).toBe(false);
  });
});
