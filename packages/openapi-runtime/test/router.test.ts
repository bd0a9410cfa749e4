import { describe, expect, it } from 'vitest';
import { readOperations, SpecRouter } from '../src/index.js';
import { bundle } from './support.js';

const router = new SpecRouter(readOperations(bundle));

describe('SpecRouter', () => {
  it('binds path parameters and decodes them', () => {
    const match = router.match('GET', '/payment/customer/v1/instant/payments/abc%2D1/status');
    expect(match).toMatchObject({ kind: 'operation', operation: { operationId: 'getInstantPaymentStatus' }, path: { id: 'abc-1' } });
  });

  it('keeps an encoded "/" inside its parameter (consent ids are URNs)', () => {
    const id = 'urn:bank:a/b';
    const match = router.match('GET', `/payment/customer/v1/automatic/consents/${encodeURIComponent(id)}`);
    expect(match).toMatchObject({ kind: 'operation', operation: { operationId: 'getAutomaticConsent' }, path: { id } });
  });

  it('prefers the template with more literal segments', () => {
    expect(router.match('GET', '/payment/management/v1/merchants/apps')).toMatchObject({ operation: { operationId: 'listMerchantApps' } });
    expect(router.match('GET', '/payment/management/v1/merchants/app-1/orders')).toMatchObject({ operation: { operationId: 'listOrders' }, path: { appId: 'app-1' } });
  });

  it('reports the allowed methods of a known path', () => {
    expect(router.match('DELETE', '/payment/customer/v1/instant/payments')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['POST'],
      template: '/payment/customer/v1/instant/payments',
    });
  });

  it('answers HEAD with the GET operation, and not-found for unknown or malformed paths', () => {
    expect(router.match('HEAD', '/payment/customer/v1/instant/payments/p1')).toMatchObject({ operation: { operationId: 'getInstantPayment' } });
    expect(router.match('GET', '/payment/customer/v1/nothing')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/payment/customer/v1/instant/payments/%E0%A4%A')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/payment/customer/v1/instant/payments//status')).toEqual({ kind: 'not-found' });
  });
});
