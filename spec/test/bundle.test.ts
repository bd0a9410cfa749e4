// The bundle holds the whole documented API, and every operation carries what a reader and a
// code generator need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bundle, deref, type Json, type JsonObject, operations, specDir } from './support/spec.js';

const EXPECTED_OPERATIONS: Record<string, string> = {
  createCustomerAccessToken: 'POST /payment/customer/v1/auth',
  createManagementAccessToken: 'POST /payment/management/v1/auth',
  createInstantPayment: 'POST /payment/customer/v1/instant/payments',
  createInstantPaymentLink: 'POST /payment/customer/v1/instant/payment-links',
  getInstantPayment: 'GET /payment/customer/v1/instant/payments/{id}',
  getInstantPaymentStatus: 'GET /payment/customer/v1/instant/payments/{id}/status',
  cancelInstantPayment: 'POST /payment/customer/v1/instant/payments/{id}/cancel',
  createAutomaticConsent: 'POST /payment/customer/v1/automatic/consents',
  createAutomaticConsentLink: 'POST /payment/customer/v1/automatic/consent-links',
  getAutomaticConsent: 'GET /payment/customer/v1/automatic/consents/{id}',
  getAutomaticConsentStatus: 'GET /payment/customer/v1/automatic/consents/{id}/status',
  createAutomaticPayment: 'POST /payment/customer/v1/automatic/consents/{consentId}/payments',
  getAutomaticPayment: 'GET /payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}',
  getAutomaticPaymentStatus: 'GET /payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/status',
  cancelAutomaticPayment: 'POST /payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/cancel',
  retryAutomaticPayment: 'POST /payment/customer/v1/automatic/consents/{consentId}/payments/{paymentId}/retry',
  listMerchantApps: 'GET /payment/management/v1/merchants/apps',
  listOrders: 'GET /payment/management/v1/merchants/{appId}/orders',
  getOrder: 'GET /payment/management/v1/merchants/{appId}/orders/{id}',
  listAutomaticConsents: 'GET /payment/management/v1/merchants/automatic/{appId}/consents',
  listAutomaticConsentOrders: 'GET /payment/management/v1/merchants/automatic/{appId}/consents/{consentId}/orders',
};

const ops = operations();
const isAuthenticated = (op: JsonObject) => !Array.isArray(op.security) || op.security.length > 0;

describe('the bundle', () => {
  it('is an OpenAPI 3.1.0 document, identical in YAML and JSON', () => {
    expect(bundle.openapi).toBe('3.1.0');
    const bundleYaml = parseYaml(readFileSync(join(specDir, 'dist', 'openapi.yaml'), 'utf8'));
    expect(bundleYaml).toEqual(bundle);
  });

  it('is self-contained: every $ref points inside it and resolves', () => {
    const refs: string[] = [];
    const walk = (node: Json) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string') refs.push(node.$ref);
        Object.values(node).forEach(walk);
      }
    };
    walk(bundle);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of refs) {
      expect(ref, 'local ref').toMatch(/^#\/components\//);
      expect(deref({ $ref: ref }), ref).toBeDefined();
    }
  });

  it('holds exactly the 20 documented operations and the inferred Management token endpoint', () => {
    const actual = Object.fromEntries(ops.map((o) => [o.operation.operationId, `${o.method.toUpperCase()} ${o.path}`]));
    expect(actual).toEqual(EXPECTED_OPERATIONS);
    const inferred = ops.filter((o) => o.operation['x-inferred'] === true).map((o) => o.operation.operationId);
    expect(inferred).toEqual(['createManagementAccessToken']);
  });

  it('declares the sandbox, testing and production servers', () => {
    expect((bundle.servers as JsonObject[]).map((s) => s.url)).toEqual([
      'https://api-sandbox.klavi.ai',
      'https://api-testing.klavi.ai',
      'https://api.klavi.ai',
    ]);
  });

  it('has one shared error body, which the 416 business error narrows', () => {
    const businessError = deref({ $ref: '#/components/schemas/BusinessError' });
    expect(businessError.allOf).toEqual([{ $ref: '#/components/schemas/Error' }]);
  });

  it('groups the tags into the Customer API and the Management API', () => {
    const groups = bundle['x-tagGroups'] as Array<{ name: string; tags: string[] }>;
    expect(groups.map((g) => g.name)).toEqual(['Customer API', 'Management API']);
    const grouped = groups.flatMap((g) => g.tags);
    for (const { operation } of ops) expect(grouped).toContain((operation.tags as string[])[0]);
  });
});

describe.each(ops.map((o) => [String(o.operation.operationId), o] as const))('%s', (_id, { path, operation }) => {
  const responses = operation.responses as JsonObject;

  it('has an operationId, summary, description, one tag and security', () => {
    expect(operation.summary).toEqual(expect.any(String));
    expect(String(operation.description).length).toBeGreaterThan(40);
    expect(operation.tags).toHaveLength(1);
    const security = (operation.security ?? bundle.security) as JsonObject[];
    expect(Array.isArray(security)).toBe(true);
    if (path.startsWith('/payment/management/') && isAuthenticated(operation)) {
      expect(security).toEqual([{ ManagementBearer: [] }]);
    }
    if (path.startsWith('/payment/customer/') && isAuthenticated(operation)) {
      expect(security).toEqual([{ CustomerBearer: [] }]);
    }
  });

  it('documents the errors every client must handle, with the shared error schema', () => {
    const expected = ['400', '401', '429', '500', '502', '503', '504', ...(isAuthenticated(operation) ? ['403'] : [])];
    if (path.includes('{')) expected.push('404');
    if (
      operation.requestBody &&
      /create|retry/.test(String(operation.operationId)) &&
      !/AccessToken/.test(String(operation.operationId))
    ) {
      expected.push('409', '422');
    }
    for (const status of expected) expect(Object.keys(responses), `documents ${status}`).toContain(status);
    for (const [status, response] of Object.entries(responses)) {
      if (status.startsWith('2')) continue;
      const schemaRef = (deref(response).content as any)['application/json'].schema.$ref;
      expect(schemaRef).toBe(status === '416' ? '#/components/schemas/BusinessError' : '#/components/schemas/Error');
    }
  });

  it('sends Retry-After with 429', () => {
    const tooMany = deref(responses['429']);
    expect(Object.keys((tooMany.headers ?? {}) as JsonObject)).toContain('Retry-After');
  });
});
