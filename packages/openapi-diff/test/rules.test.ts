// Every rule with a pair that trips it and a pair that does not: the same kind of edit, made in a
// way that keeps existing clients working.
import { describe, expect, it } from 'vitest';
import { diffSpecs, RULES, type RuleId } from '../src/index.js';
import { api, diffAfter, TODAY } from './support.js';

type Change = (doc: any) => void;
const req = (doc: any) => doc.components.schemas.PaymentRequest;
const res = (doc: any) => doc.components.schemas.Payment;
const get = (doc: any) => doc.paths['/payments/{id}'].get;
const post = (doc: any) => doc.paths['/payments'].post;
const hook = (doc: any) => doc.webhooks.paymentUpdated.post;
const event = (doc: any) => doc.components.schemas.PaymentEvent;
const signature = (doc: any) => doc.components.parameters.Signature;

const CASES: Record<RuleId, { trips: Change; keeps: Change }> = {
  'operation-removed': {
    trips: (d) => delete d.paths['/payments/{id}'].get,
    // Deprecated with a sunset date that has passed (2026-06-01 before 2026-11-21): allowed, reported as info.
    keeps: (d) => delete d.paths['/payments/{id}'].delete,
  },
  'operation-id-changed': {
    trips: (d) => (get(d).operationId = 'readPayment'),
    keeps: (d) => (get(d).summary = 'Read a payment'),
  },
  'path-parameter-renamed': {
    trips: (d) => {
      const item = d.paths['/payments/{id}'];
      delete d.paths['/payments/{id}'];
      d.paths['/payments/{paymentId}'] = item;
      item.get.parameters[0].name = 'paymentId';
      item.delete.parameters[0].name = 'paymentId';
    },
    keeps: (d) => (get(d).parameters[0].description = 'The payment id'),
  },
  'request-body-became-required': {
    trips: (d) => (d.paths['/refunds'].post.requestBody.required = true),
    keeps: (d) => (d.paths['/refunds'].post.requestBody.description = 'What to refund'),
  },
  'request-property-became-required': {
    trips: (d) => req(d).required.push('kind'),
    keeps: (d) => (req(d).properties.extra = { type: 'string' }),
  },
  'request-parameter-became-required': {
    trips: (d) =>
      get(d).parameters.push({ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } }),
    keeps: (d) => get(d).parameters.push({ name: 'X-Tenant', in: 'header', schema: { type: 'string' } }),
  },
  'request-parameter-removed': {
    trips: (d) => get(d).parameters.splice(1, 1),
    keeps: (d) => (get(d).parameters[1].description = 'More fields'),
  },
  'request-property-removed': {
    trips: (d) => delete req(d).properties.note,
    keeps: (d) => {
      // Without additionalProperties: false, a client that still sends it is not refused.
      delete req(d).properties.note;
      delete req(d).additionalProperties;
    },
  },
  'request-pattern-tightened': {
    trips: (d) => (req(d).properties.amount.pattern = '^\\d{1,8}\\.\\d{2}$'),
    keeps: (d) => delete req(d).properties.amount.pattern,
  },
  'request-max-length-decreased': {
    trips: (d) => (req(d).properties.amount.maxLength = 12),
    keeps: (d) => (req(d).properties.amount.maxLength = 40),
  },
  'request-min-length-increased': {
    trips: (d) => (req(d).properties.amount.minLength = 5),
    keeps: (d) => (req(d).properties.amount.minLength = 1),
  },
  'request-range-narrowed': {
    trips: (d) => (req(d).properties.count.maximum = 5),
    keeps: (d) => (req(d).properties.count.maximum = 50),
  },
  'request-enum-value-removed': {
    trips: (d) => (req(d).properties.kind.enum = ['PIX']),
    keeps: (d) => req(d).properties.kind.enum.push('BOLETO'),
  },
  'request-type-changed': {
    trips: (d) => (req(d).properties.count.type = 'string'),
    keeps: (d) => (req(d).properties.count.type = 'number'),
  },
  'response-property-removed': {
    trips: (d) => delete res(d).properties.amount,
    // Deprecated with a sunset date that has passed.
    keeps: (d) => delete res(d).properties.legacyRef,
  },
  'response-property-type-changed': {
    trips: (d) => (res(d).properties.amount.type = ['string', 'null']),
    keeps: (d) => (res(d).properties.amount.maxLength = 19),
  },
  'response-required-removed': {
    trips: (d) => (res(d).required = ['id']),
    keeps: (d) => res(d).required.push('amount'),
  },
  'response-enum-value-added': {
    trips: (d) => res(d).properties.status.enum.push('FAILED'),
    keeps: (d) => (res(d).properties.status.enum = ['PENDING']),
  },
  'response-status-removed': {
    trips: (d) => delete get(d).responses['404'],
    keeps: (d) => (get(d).responses['404'].description = 'No such payment'),
  },
  'request-media-type-removed': {
    trips: (d) => {
      post(d).requestBody.content['application/x-www-form-urlencoded'] =
        post(d).requestBody.content['application/json'];
      delete post(d).requestBody.content['application/json'];
    },
    keeps: (d) =>
      (post(d).requestBody.content['application/x-www-form-urlencoded'] =
        post(d).requestBody.content['application/json']),
  },
  'response-media-type-removed': {
    trips: (d) => {
      get(d).responses['200'].content['application/hal+json'] = get(d).responses['200'].content['application/json'];
      delete get(d).responses['200'].content['application/json'];
    },
    keeps: (d) =>
      (get(d).responses['200'].content['application/hal+json'] = get(d).responses['200'].content['application/json']),
  },
  'security-changed': {
    trips: (d) => (get(d).security = [{ Basic: [] }]),
    keeps: (d) => (d.components.securitySchemes.Bearer.description = 'A JWT'),
  },
  'operation-added': {
    trips: (d) =>
      (d.paths['/refunds'].get = { operationId: 'listRefunds', responses: { '200': { description: 'ok' } } }),
    keeps: (d) => (get(d).description = 'x'),
  },
  'request-property-added': {
    trips: (d) => (req(d).properties.reference = { type: 'string' }),
    keeps: (d) => (req(d).properties.note.description = 'A note'),
  },
  'response-property-added': {
    trips: (d) => (res(d).properties.createdAt = { type: 'string' }),
    keeps: (d) => (res(d).properties.amount.description = 'BRL'),
  },
  'response-status-added': {
    trips: (d) => (get(d).responses['503'] = { description: 'down' }),
    keeps: (d) => (get(d).responses['200'].description = 'The payment'),
  },
  'server-removed': {
    trips: (d) => (d.servers = [{ url: 'https://api2.example.com' }]),
    keeps: (d) => d.servers.push({ url: 'https://eu.example.com' }),
  },
  'server-added': {
    trips: (d) => d.servers.push({ url: 'https://eu.example.com' }),
    keeps: (d) => (d.servers[0].description = 'Production'),
  },
  'request-parameter-serialization-changed': {
    trips: (d) => (get(d).parameters[1].explode = false),
    keeps: (d) => (get(d).parameters[1].style = 'form'),
  },
  'request-constraint-tightened': {
    trips: (d) => (req(d).properties.tags.maxItems = 2),
    keeps: (d) => (req(d).properties.tags.maxItems = 10),
  },
  'request-constraint-loosened': {
    trips: (d) => (req(d).properties.amount.maxLength = 40),
    keeps: (d) => (req(d).properties.amount.description = 'BRL'),
  },
  'request-default-changed': {
    trips: (d) => (req(d).properties.priority.default = 'HIGH'),
    keeps: (d) => (req(d).properties.priority.description = 'How urgent'),
  },
  'request-branch-removed': {
    trips: (d) => req(d).properties.method.oneOf.pop(),
    keeps: (d) =>
      req(d).properties.method.oneOf.push({
        type: 'object',
        required: ['boleto'],
        properties: { boleto: { type: 'string' } },
      }),
  },
  'response-const-changed': {
    trips: (d) => (res(d).properties.kind.const = 'pay'),
    keeps: (d) => (res(d).properties.kind.description = 'Always payment'),
  },
  'response-constraint-loosened': {
    trips: (d) => delete res(d).properties.status.enum,
    keeps: (d) => (res(d).properties.status.enum = ['PENDING']),
  },
  'response-constraint-tightened': {
    trips: (d) => (res(d).properties.status.enum = ['PENDING']),
    keeps: (d) => (res(d).properties.status.description = 'Where it is'),
  },
  'response-branch-added': {
    trips: (d) => res(d).properties.channel.oneOf.push({ type: 'boolean' }),
    keeps: (d) => res(d).properties.channel.oneOf.pop(),
  },
  'response-header-removed': {
    trips: (d) => delete get(d).responses['429'].headers['Retry-After'],
    keeps: (d) => (get(d).responses['429'].headers['Retry-After'].description = 'Seconds'),
  },
  'response-header-became-optional': {
    trips: (d) => (get(d).responses['429'].headers['Retry-After'].required = false),
    keeps: (d) => (get(d).responses['429'].headers['X-Limit'] = { schema: { type: 'integer' } }),
  },
  'response-header-added': {
    trips: (d) => (get(d).responses['429'].headers['X-Limit'] = { schema: { type: 'integer' } }),
    keeps: (d) => (get(d).responses['429'].headers['Retry-After'].description = 'Seconds'),
  },
  'security-relaxed': {
    trips: (d) => (get(d).security = [{ Bearer: [] }, { Basic: [] }]),
    keeps: (d) => (get(d).security = [{ Bearer: [] }]),
  },
  'operation-deprecated': {
    trips: (d) => (get(d).deprecated = true),
    keeps: (d) => (get(d).summary = 'Read a payment'),
  },
  'request-parameter-added': {
    trips: (d) => get(d).parameters.push({ name: 'expand', in: 'query', schema: { type: 'string' } }),
    keeps: (d) => (get(d).parameters[1].description = 'More fields'),
  },
  'request-parameter-became-optional': {
    trips: (d) => (post(d).parameters[0].required = false),
    keeps: (d) => (post(d).parameters[0].description = 'A UUID'),
  },
  'request-body-became-optional': {
    trips: (d) => (post(d).requestBody.required = false),
    keeps: (d) => (post(d).requestBody.description = 'The payment'),
  },
  'request-media-type-added': {
    trips: (d) =>
      (post(d).requestBody.content['application/x-www-form-urlencoded'] =
        post(d).requestBody.content['application/json']),
    keeps: (d) => (post(d).requestBody.description = 'The payment'),
  },
  'request-property-became-optional': {
    trips: (d) => (req(d).required = []),
    keeps: (d) => (req(d).properties.amount.description = 'BRL'),
  },
  'request-enum-value-added': {
    trips: (d) => req(d).properties.kind.enum.push('BOLETO'),
    keeps: (d) => (req(d).properties.kind.description = 'The rail'),
  },
  'response-property-became-required': {
    trips: (d) => res(d).required.push('amount'),
    keeps: (d) => (res(d).properties.amount.description = 'BRL'),
  },
  'response-media-type-added': {
    trips: (d) =>
      (get(d).responses['200'].content['application/hal+json'] = get(d).responses['200'].content['application/json']),
    keeps: (d) => (get(d).responses['200'].description = 'The payment'),
  },
  'webhook-removed': {
    trips: (d) => delete d.webhooks.paymentUpdated,
    // Deprecated with a sunset date that has passed: allowed, reported as info.
    keeps: (d) => delete d.webhooks.paymentSettled,
  },
  'webhook-added': {
    trips: (d) => (d.webhooks.paymentFailed = { post: { ...structuredClone(hook(d)), operationId: 'paymentFailed' } }),
    keeps: (d) => (hook(d).summary = 'A payment changed'),
  },
  'webhook-method-changed': {
    trips: (d) => {
      d.webhooks.paymentUpdated.put = hook(d);
      delete d.webhooks.paymentUpdated.post;
    },
    keeps: (d) => (hook(d).description = 'Sent on every change'),
  },
  'webhook-media-type-changed': {
    trips: (d) => {
      const content = hook(d).requestBody.content;
      content['application/cloudevents+json'] = content['application/json'];
      delete content['application/json'];
    },
    keeps: (d) => (hook(d).requestBody.description = 'The event'),
  },
  'webhook-header-removed': {
    trips: (d) => (signature(d).name = 'X-Signature-256'),
    // Header names ignore case.
    keeps: (d) => (signature(d).name = 'x-signature'),
  },
  'webhook-header-became-optional': {
    trips: (d) => (signature(d).required = false),
    keeps: (d) => (hook(d).parameters[1].required = true),
  },
  'webhook-header-added': {
    trips: (d) => (hook(d).parameters[1].required = true),
    keeps: (d) => (signature(d).description = 'HMAC-SHA256 of the body'),
  },
  'webhook-enum-value-added': {
    trips: (d) => event(d).properties.status.enum.push('FAILED'),
    keeps: (d) => (event(d).properties.status.enum = ['PENDING']),
  },
};

describe('every rule', () => {
  it('has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(RULES).sort());
  });

  for (const [rule, { trips, keeps }] of Object.entries(CASES) as Array<[RuleId, (typeof CASES)[RuleId]]>) {
    describe(rule, () => {
      it(`reports ${RULES[rule].severity} on the pair that trips it`, () => {
        const found = diffAfter(trips).filter((f) => f.rule === rule);
        expect(found.length, JSON.stringify(diffAfter(trips), null, 1)).toBeGreaterThan(0);
        expect(found[0]!.severity).toBe(RULES[rule].severity);
        expect(found[0]!.pointer).toMatch(/^#\//);
        expect(found[0]!.message.length).toBeGreaterThan(10);
      });
      it('stays quiet on the pair that does not', () => {
        const found = diffAfter(keeps).filter((f) => f.rule === rule && f.severity === RULES[rule].severity);
        expect(found).toEqual([]);
      });
    });
  }
});

describe('details', () => {
  it('points a removal into the base document and an addition into the head', () => {
    const [removed] = diffAfter((d) => delete get(d).responses['404']);
    expect(removed).toMatchObject({
      side: 'base',
      pointer: '#/paths/~1payments~1{id}/get/responses/404',
      operations: ['GET /payments/{id}'],
    });
    const added = diffAfter((d) => (req(d).properties.reference = { type: 'string' })).find(
      (f) => f.rule === 'request-property-added',
    )!;
    expect(added).toMatchObject({ side: 'head', pointer: '#/components/schemas/PaymentRequest/properties/reference' });
  });

  it('judges the same edit by direction: an enum value added is fine in a request and a warning in a response', () => {
    expect(diffAfter((d) => req(d).properties.kind.enum.push('BOLETO')).map((f) => [f.rule, f.severity])).toEqual([
      ['request-enum-value-added', 'info'],
    ]);
    expect(diffAfter((d) => res(d).properties.status.enum.push('FAILED')).map((f) => f.rule)).toEqual([
      'response-enum-value-added',
    ]);
  });

  it('allows removing what is deprecated only after its x-sunset date', () => {
    const early = diffAfter((d) => delete d.paths['/refunds']);
    expect(early[0]).toMatchObject({ rule: 'operation-removed', severity: 'error' });
    expect(early[0]!.message).toMatch(/sunset date 2027-12-31 has not passed/);
    const late = diffAfter((d) => delete d.paths['/payments/{id}'].delete);
    expect(late[0]).toMatchObject({ rule: 'operation-removed', severity: 'info' });
    expect(diffAfter((d) => delete res(d).properties.note)[0]).toMatchObject({
      rule: 'response-property-removed',
      severity: 'error',
    });
  });

  it('does not call a pattern on an enum tightened when every enum value fits it', () => {
    expect(diffAfter((d) => Object.assign(req(d).properties.kind, { pattern: '^[A-Z]{3}$', maxLength: 3 }))).toEqual(
      [],
    );
    expect(diffAfter((d) => Object.assign(req(d).properties.kind, { pattern: '^P' })).map((f) => f.rule)).toEqual([
      'request-pattern-tightened',
    ]);
  });

  it('reports a shared schema once, with every operation it reaches', () => {
    const found = diffAfter((d) => delete res(d).properties.amount);
    expect(found).toHaveLength(1);
    expect(found[0]!.operations.sort()).toEqual(['GET /payments/{id}', 'POST /payments']);
  });

  it('ignores descriptions and extensions', () => {
    expect(
      diffAfter((d) => {
        d.info.description = 'New words';
        res(d).properties.id['x-internal'] = true;
        d.components.securitySchemes.Bearer['x-token-operation'] = 'auth';
      }),
    ).toEqual([]);
  });

  it('reads keys named after Object.prototype members as plain keys', () => {
    // `'constructor' in {}` is true: a removed status of that name must still be reported.
    const withOdd = () => {
      const d = api();
      get(d).responses.constructor = { description: 'odd' };
      return d;
    };
    const head = withOdd();
    delete head.paths['/payments/{id}'].get.responses.constructor;
    expect(diffSpecs(withOdd(), head, { today: TODAY }).map((f) => f.rule)).toEqual(['response-status-removed']);
    expect(diffSpecs(head, withOdd(), { today: TODAY }).map((f) => f.rule)).toEqual(['response-status-added']);
  });

  it('follows recursive schemas without looping', () => {
    const recursive = () => {
      const d = api();
      d.components.schemas.Payment.properties.children = {
        type: 'array',
        items: { $ref: '#/components/schemas/Payment' },
      };
      return d;
    };
    const head = recursive();
    delete head.components.schemas.Payment.properties.amount;
    const found = diffSpecs(recursive(), head, { today: TODAY });
    expect(found.map((f) => f.rule)).toEqual(['response-property-removed']);
  });
});

describe('webhooks', () => {
  const label = 'webhooks.paymentUpdated POST';
  // Both webhooks carry PaymentEvent and the signature, so a change to them reaches both.
  const both = ['webhooks.paymentSettled POST', label];
  const rules = (change: Change) =>
    diffAfter(change).map((f) => [f.rule, f.severity, f.message, [...f.operations].sort()]);

  it('judges the body as a response: a new required field is something the API now always sends', () => {
    expect(
      rules((d) => {
        event(d).properties.attempt = { type: 'integer' };
        event(d).required.push('attempt');
      }),
    ).toEqual([['response-property-added', 'info', 'body.attempt was added', both]]);
    expect(rules((d) => event(d).required.push('note'))).toEqual([
      ['response-property-became-required', 'info', 'body.note is now always present', both],
    ]);
    // The same edits to a request body break clients.
    expect(diffAfter((d) => req(d).required.push('note')).map((f) => f.rule)).toEqual([
      'request-property-became-required',
    ]);
  });

  it('reports what receivers read as it would for a response, naming the webhook and the field', () => {
    expect(rules((d) => delete event(d).properties.data.properties.id)).toEqual([
      ['response-property-removed', 'error', 'body.data.id was removed', both],
    ]);
    expect(rules((d) => (event(d).required = ['eventId', 'data']))).toEqual([
      [
        'response-required-removed',
        'error',
        'body.status is no longer required: clients that read it may find nothing',
        both,
      ],
    ]);
    expect(rules((d) => (event(d).properties.eventId.type = ['string', 'null'])).map((r) => r[0])).toEqual([
      'response-property-type-changed',
    ]);
  });

  it('compares header schemas as a response: a wider signature breaks, a narrower one does not', () => {
    expect(rules((d) => (signature(d).schema.pattern = '^[0-9a-fA-F]{64}$')).map((r) => [r[0], r[1]])).toEqual([
      ['response-constraint-loosened', 'error'],
    ]);
    expect(rules((d) => (signature(d).schema.maxLength = 64)).map((r) => [r[0], r[1]])).toEqual([
      ['response-constraint-tightened', 'info'],
    ]);
  });

  it('reports a renamed signature header as the old one gone and a new one sent', () => {
    expect(rules((d) => (signature(d).name = 'X-Signature-256')).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['webhook-header-removed', 'the required header X-Signature is no longer sent', both],
      ['webhook-header-added', 'the required header X-Signature-256 is now sent', both],
    ]);
  });

  it('judges a schema that a response and a webhook both carry both ways: a new value warns the reader, and breaks the receiver', () => {
    const sharing = () => {
      const d = api();
      event(d).properties.data = { $ref: '#/components/schemas/Payment' };
      return d;
    };
    const head = sharing();
    res(head).properties.status.enum.push('FAILED');
    const found = diffSpecs(sharing(), head, { today: TODAY });
    expect(found.map((f) => [f.rule, f.severity, f.pointer, f.operations.sort()])).toEqual([
      ['webhook-enum-value-added', 'error', '#/components/schemas/Payment/properties/status/enum', both],
      [
        'response-enum-value-added',
        'warning',
        '#/components/schemas/Payment/properties/status/enum',
        ['GET /payments/{id}', 'POST /payments'],
      ],
    ]);
  });

  it('allows removing a webhook only after its x-sunset date', () => {
    expect(diffAfter((d) => delete d.webhooks.paymentSettled)[0]).toMatchObject({
      rule: 'webhook-removed',
      severity: 'info',
      message: 'webhooks.paymentSettled POST was removed after its sunset date 2026-06-01',
    });
    expect(diffAfter((d) => delete d.webhooks.paymentUpdated)[0]).toMatchObject({
      rule: 'webhook-removed',
      severity: 'error',
      side: 'base',
      pointer: '#/webhooks/paymentUpdated/post',
    });
  });

  it('allows removing a deprecated header after its x-sunset date, and warns on an optional one', () => {
    const deprecated = (d: any) => Object.assign(hook(d).parameters[1], { deprecated: true, 'x-sunset': '2026-01-01' });
    const base = api();
    deprecated(base);
    const head = api();
    head.webhooks.paymentUpdated.post.parameters.pop();
    expect(diffSpecs(base, head, { today: TODAY }).map((f) => [f.rule, f.severity, f.message])).toEqual([
      [
        'webhook-header-removed',
        'info',
        'the optional header X-Delivery-Attempt is no longer sent, after its sunset date 2026-01-01',
      ],
    ]);
    expect(rules((d) => hook(d).parameters.pop()).map((r) => [r[0], r[1]])).toEqual([
      ['webhook-header-removed', 'warning'],
    ]);
  });

  it('reads a document without webhooks against one with them as webhooks added', () => {
    const without = api();
    delete without.webhooks;
    expect(diffSpecs(without, api(), { today: TODAY }).map((f) => [f.rule, f.severity])).toEqual([
      ['webhook-added', 'info'],
      ['webhook-added', 'info'],
    ]);
  });
});

describe('the README', () => {
  it('documents every rule', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(Object.keys(RULES).filter((rule) => !readme.includes(`\`${rule}\``))).toEqual([]);
  });
});
