import { describe, expect, it } from 'vitest';
import { operationsById, readModel, readOperations, SpecModelError, type JsonObject } from '../src/index.js';
import { shop } from './fixtures/shop.js';

const model = readModel(shop());
const byId = operationsById(model);
const op = (id: string) => byId.get(id)!;

describe('readModel: operations', () => {
  it('lists every operation once, by path in document order, then by method, with upper-case methods', () => {
    expect(model.operations.map((o) => `${o.method} ${o.operationId}`)).toEqual([
      'POST issueToken',
      'GET listOrders',
      'POST createOrder',
      'GET getOrder',
      'POST cancelOrder',
      'GET listApps',
      'GET listShopOrders',
      'GET getConsent',
    ]);
    expect(readOperations(shop())).toEqual(model.operations);
  });

  it('merges path-item parameters into each operation, the operation overriding by in and name', () => {
    const params = op('getOrder').parameters.map(({ name, in: location, required, level, schemaPointer }) => ({
      name,
      in: location,
      required,
      level,
      schemaPointer,
    }));
    expect(params).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        level: 'path-item',
        schemaPointer: '#/components/parameters/OrderId/schema',
      },
      // Header names are case-insensitive: the operation's x-tenant replaces the path item's X-Tenant.
      {
        name: 'x-tenant',
        in: 'header',
        required: false,
        level: 'operation',
        schemaPointer: '#/paths/~1orders~1{id}/get/parameters/1/schema',
      },
      {
        name: 'verbose',
        in: 'query',
        required: false,
        level: 'operation',
        schemaPointer: '#/paths/~1orders~1{id}/get/parameters/0/schema',
      },
    ]);
  });

  it('reads the JSON request body, its media types and its first example through $refs', () => {
    const create = op('createOrder');
    expect(create).toMatchObject({
      bodyPointer: '#/paths/~1orders/post/requestBody/content/application~1json/schema',
      bodyRequired: true,
      requestMediaTypes: ['application/json'],
      requestExamplePointer: '#/components/examples/CardOrder/value',
      tags: ['Orders'],
      summary: 'Create an order',
    });
    expect(op('getOrder')).toMatchObject({
      bodyPointer: null,
      bodyRequired: false,
      requestMediaTypes: [],
      requestExamplePointer: null,
    });
  });

  it('reads responses: schema pointers of any JSON media type, media types and headers', () => {
    const create = op('createOrder');
    expect(create.responsePointers).toEqual({
      '200': '#/components/responses/Order/content/application~1json/schema',
      '400': '#/components/responses/Problem/content/application~1problem+json/schema',
      '429': null,
    });
    expect(create.responseMediaTypes).toEqual({
      '200': ['application/json'],
      '400': ['application/problem+json'],
      '429': [],
    });
    expect(create.responseHeaders['429']).toEqual([
      { name: 'Retry-After', required: true, schemaPointer: '#/components/headers/RetryAfter/schema' },
    ]);
    expect(create.requiredHeaders).toEqual({ '200': [], '400': [], '429': ['Retry-After'] });
  });

  it("names each status's JSON examples by the pointer of their values, through $refs, skipping external ones", () => {
    expect(op('createOrder').responseExamples).toEqual({
      '200': { Paid: '#/components/examples/PaidOrder/value' },
      // A lone `example` under its own name; the problem+json media type counts as JSON.
      '400': { example: '#/components/responses/Problem/content/application~1problem+json/example' },
      '429': {},
    });
  });

  it('reads webhooks: the body, its fixed eventName and data, and the header parameters only', () => {
    expect(model.webhooks).toEqual([
      {
        name: 'orderPaid',
        operationId: 'orderPaidEvent',
        method: 'POST',
        pointer: '#/webhooks/orderPaid/post',
        bodyPointer: '#/webhooks/orderPaid/post/requestBody/content/application~1json/schema',
        requestExamplePointer: '#/webhooks/orderPaid/post/requestBody/content/application~1json/examples/Paid/value',
        // The branch's own `const` wins over the envelope's enum.
        eventName: 'order.paid',
        dataPointer: '#/webhooks/orderPaid/post/requestBody/content/application~1json/schema/properties/data',
        headers: [expect.objectContaining({ name: 'X-Signature', in: 'header', required: true })],
      },
    ]);
    // Webhooks are not operations: nothing routes a request to them.
    expect(model.operations.map((o) => o.operationId)).not.toContain('orderPaidEvent');
  });

  it('takes security from the operation, else the document, keeping every alternative', () => {
    expect(op('createOrder')).toMatchObject({ security: 'Bearer', securityRequirements: [['Bearer']] });
    expect(op('getOrder')).toMatchObject({ security: 'Bearer', securityRequirements: [['Bearer'], ['ApiKey']] });
    expect(op('issueToken')).toMatchObject({ security: null, securityRequirements: [] });
  });

  it('classes retries: safe methods and token operations, keyed by the idempotency key, else unsafe', () => {
    expect(Object.fromEntries(model.operations.map((o) => [o.operationId, o.retry]))).toEqual({
      issueToken: 'safe',
      listOrders: 'safe',
      createOrder: 'keyed',
      getOrder: 'safe',
      cancelOrder: 'unsafe',
      listApps: 'safe',
      listShopOrders: 'safe',
      getConsent: 'safe',
    });
    // requestId is required by both branches of the discriminated oneOf, so it is the key.
    expect(op('createOrder').idempotencyKey).toEqual(['requestId']);
  });

  it('does not take a key that only some oneOf branches require', () => {
    const doc = shop() as any;
    doc.components.schemas.PixOrder.required = ['kind', 'amount', 'key'];
    expect(readModel(doc).operations.find((o) => o.operationId === 'createOrder')).toMatchObject({
      retry: 'unsafe',
      idempotencyKey: null,
    });
  });

  it('recognises cursor pagination by shape', () => {
    expect(op('listOrders').pagination).toEqual({
      cursorParameter: 'cursor',
      nextCursorField: 'nextCursor',
      itemsField: 'items',
      pageSizeParameter: 'pageSize',
    });
    expect(op('getOrder').pagination).toBeNull();
  });

  it('reads x-requires-status', () => {
    expect(op('cancelOrder').requiresStatus).toEqual({
      schema: 'OrderStatus',
      statuses: ['OPEN', 'PAID'],
      otherwise: 409,
    });
    expect(op('getOrder').requiresStatus).toBeNull();
  });
});

describe('readModel: the document', () => {
  it('reads version, servers, security schemes and enums', () => {
    expect(model.apiVersion).toBe('2.1.0');
    expect(model.servers).toEqual([
      { url: 'https://sandbox.shop.test/', environment: 'sandbox' },
      { url: 'https://shop.test', environment: 'production' },
    ]);
    expect(model.securitySchemes).toEqual({
      Bearer: { type: 'http', scheme: 'bearer', tokenOperation: 'issueToken' },
      ApiKey: { type: 'apiKey', scheme: null, tokenOperation: null },
    });
    expect(model.enums).toEqual({ OrderStatus: ['DRAFT', 'OPEN', 'PAID', 'SHIPPED', 'CANCELED'] });
  });

  it('reads each state machine with every status, terminal ones moving nowhere', () => {
    expect(model.stateMachines.OrderStatus).toEqual({
      schema: 'OrderStatus',
      statuses: ['DRAFT', 'OPEN', 'PAID', 'SHIPPED', 'CANCELED'],
      terminal: ['SHIPPED', 'CANCELED'],
      transitions: {
        DRAFT: ['OPEN', 'CANCELED'],
        OPEN: ['PAID', 'CANCELED'],
        PAID: ['SHIPPED', 'CANCELED'],
        SHIPPED: [],
        CANCELED: [],
      },
    });
  });
});

describe('readModel: refuses what it cannot vouch for, naming it', () => {
  const broken = (edit: (doc: any) => void): JsonObject => {
    const doc = shop();
    edit(doc);
    return doc;
  };
  it.each<[string, (doc: any) => void, string]>([
    ['a missing operationId', (d) => delete d.paths['/auth'].post.operationId, 'POST /auth has no operationId'],
    [
      'a duplicate operationId',
      (d) => (d.paths['/shops/apps'].get.operationId = 'getOrder'),
      'operationId getOrder is used twice',
    ],
    [
      'an undeclared path parameter',
      (d) => (d.paths['/consents/{urn}'].get.parameters = []),
      'getConsent: path parameter {urn} is not declared',
    ],
    [
      'a path parameter not in the path',
      (d) => (d.paths['/shops/apps'].get.parameters = [{ name: 'x', in: 'path', schema: {} }]),
      'listApps: path parameter x is not in the path /shops/apps',
    ],
    [
      'an unknown security scheme',
      (d) => (d.paths['/orders'].get.security = [{ Basic: [] }]),
      'listOrders: unknown security scheme Basic',
    ],
    [
      'a token operation that does not exist',
      (d) => (d.components.securitySchemes.Bearer['x-token-operation'] = 'login'),
      'security scheme Bearer: x-token-operation login is not an operation of the spec',
    ],
    [
      'a terminal value not in the enum',
      (d) => d.components.schemas.OrderStatus['x-terminal-values'].push('LOST'),
      'OrderStatus: x-terminal-values names statuses that are not in the enum: LOST',
    ],
    [
      'a transition to an unknown status',
      (d) => d.components.schemas.OrderStatus['x-transitions'].OPEN.push('GONE'),
      'OrderStatus: x-transitions.OPEN names statuses that are not in the enum: GONE',
    ],
    [
      'a move out of a terminal status',
      (d) => (d.components.schemas.OrderStatus['x-transitions'].SHIPPED = ['OPEN']),
      'OrderStatus: SHIPPED is terminal but x-transitions moves it on',
    ],
    [
      'a required status not in its enum',
      (d) => d.paths['/orders/{id}/cancel'].post['x-requires-status'].statuses.push('LOST'),
      'cancelOrder.x-requires-status.statuses must be statuses of OrderStatus; not in it: LOST',
    ],
    [
      'an undocumented otherwise status',
      (d) => (d.paths['/orders/{id}/cancel'].post['x-requires-status'].otherwise = 422),
      'cancelOrder.x-requires-status.otherwise 422 is not a documented response of cancelOrder',
    ],
    [
      'a requirement on a schema with no state machine',
      (d) => (d.paths['/orders/{id}/cancel'].post['x-requires-status'].schema = 'Order'),
      'schema Order is not a status enum with x-transitions',
    ],
  ])('%s', (_, edit, message) => {
    const doc = broken(edit);
    expect(() => readModel(doc)).toThrow(SpecModelError);
    expect(() => readModel(doc)).toThrow(message);
  });

  it('reads such documents leniently when asked, leaving out only what is broken', () => {
    const doc = broken((d) => {
      delete d.paths['/auth'].post.operationId;
      d.paths['/consents/{urn}'].get.parameters = [];
      d.components.schemas.OrderStatus['x-transitions'].OPEN.push('GONE');
    });
    const lenient = readModel(doc, { strict: false });
    expect(lenient.operations.map((o) => o.operationId)).toContain('POST /auth');
    expect(lenient.stateMachines).toEqual({});
    expect(lenient.operations.find((o) => o.operationId === 'cancelOrder')!.requiresStatus).toBeNull();
  });
});
