import { describe, expect, it } from 'vitest';
import { readOperations, SpecRouter } from '../src/index.js';
import { shop } from './fixtures/shop.js';

const router = new SpecRouter(readOperations(shop()));

describe('SpecRouter', () => {
  it('binds path parameters and decodes them', () => {
    const match = router.match('POST', '/orders/o%2D1/cancel');
    expect(match).toMatchObject({ kind: 'operation', operation: { operationId: 'cancelOrder' }, path: { id: 'o-1' } });
  });

  it('keeps an encoded "/" inside its parameter (consent ids are URNs)', () => {
    const id = 'urn:bank:a/b';
    const match = router.match('GET', `/consents/${encodeURIComponent(id)}`);
    expect(match).toMatchObject({ kind: 'operation', operation: { operationId: 'getConsent' }, path: { urn: id } });
  });

  it('prefers the template with more literal segments', () => {
    expect(router.match('GET', '/shops/apps')).toMatchObject({ operation: { operationId: 'listApps' } });
    expect(router.match('GET', '/shops/s-1/orders')).toMatchObject({
      operation: { operationId: 'listShopOrders' },
      path: { shopId: 's-1' },
    });
  });

  it('reports the allowed methods of a known path', () => {
    expect(router.match('DELETE', '/orders')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'POST'],
      template: '/orders',
    });
  });

  it('answers HEAD with the GET operation, and not-found for unknown or malformed paths', () => {
    expect(router.match('HEAD', '/orders/o-1')).toMatchObject({ operation: { operationId: 'getOrder' } });
    expect(router.match('GET', '/nothing')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/orders/%E0%A4%A')).toEqual({ kind: 'not-found' });
    expect(router.match('POST', '/orders//cancel')).toEqual({ kind: 'not-found' });
  });
});
