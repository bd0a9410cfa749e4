// Type tests: run by vitest's typecheck mode (tsc). Each `@ts-expect-error` is a call that must not
// compile; if it ever compiles, the directive itself becomes the error and the test fails.
import { describe, expectTypeOf, it } from 'vitest';
import {
  awaitPaymentStatus,
  createKlaviClient,
  paginate,
  type INSTANT_PAYMENT_STATUSES,
  type INSTANT_PAYMENT_TERMINAL_STATUSES,
  type AUTOMATIC_CONSENT_STATUSES,
  type AUTOMATIC_PAYMENT_STATUSES,
  type AutomaticConsentStatus,
  type AutomaticPaymentStatus,
  type InstantPayment,
  type InstantPaymentCreated,
  type InstantPaymentRequest,
  type InstantPaymentStatus,
  type KlaviApiError,
  type KlaviErrorBody,
  type BusinessError,
  type PAYMENT_EVENT_NAMES,
  verifyKlaviEvent,
  type AutomaticConsentStatusResponse,
  type AutomaticPaymentStatusResponse,
  type InstantPaymentStatusChangedEvent,
  type InstantPaymentStatusResponse,
  type KlaviEvent,
  type KlaviEventOf,
  type PaymentEventName,
} from '../src/index.js';

const client = createKlaviClient({ environment: 'sandbox', credentials: { accessKey: 'a', secretKey: 's' } });
const throwing = createKlaviClient({
  environment: 'sandbox',
  credentials: { accessKey: 'a', secretKey: 's' },
  throwOnError: true,
});

const pixManu = {
  clientRequestId: 'order-1',
  institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
  customer: { identifierType: 'CPF', identifier: '12345678901' },
  initType: 'PIX_MANU',
  amount: '10.00',
  currency: 'BRL',
  redirectURL: 'https://merchant.example/cb',
  creditorAccount: {
    ispb: '87654321',
    issuer: '1234',
    number: '12345678',
    accountType: 'CACC',
    holder: { identifier: '44471172000119', name: 'Klavi', identifierType: 'CNPJ' },
  },
  clientMetadata: { os: 'IOS', osVersion: '17.4', platform: 'APP' },
} as const satisfies InstantPaymentRequest;

describe('request bodies', () => {
  it('accepts a complete PIX_MANU payment', () => {
    void client.POST('/payment/customer/v1/instant/payments', { body: pixManu });
  });

  it('rejects PIX_MANU without creditorAccount', () => {
    const { creditorAccount: _dropped, ...withoutCreditor } = pixManu;
    // @ts-expect-error PIX_MANU requires creditorAccount (with its holder)
    void client.POST('/payment/customer/v1/instant/payments', { body: withoutCreditor });
  });

  it('rejects PIX_MANU with a proxy', () => {
    // @ts-expect-error PIX_MANU forbids proxy
    void client.POST('/payment/customer/v1/instant/payments', { body: { ...pixManu, proxy: '+5561988887777' } });
  });

  it('rejects a numeric amount', () => {
    // @ts-expect-error amounts are strings with two decimals
    void client.POST('/payment/customer/v1/instant/payments', { body: { ...pixManu, amount: 10 } });
  });

  it('rejects a missing body and a missing path parameter', () => {
    // @ts-expect-error the create needs a body
    void client.POST('/payment/customer/v1/instant/payments');
    // @ts-expect-error the path needs {id}
    void client.GET('/payment/customer/v1/instant/payments/{id}', { params: { path: {} } });
    // @ts-expect-error not a path of the spec
    void client.GET('/payment/customer/v1/instant/payment');
  });

  it('types query parameters', () => {
    void client.GET('/payment/management/v1/merchants/{appId}/orders', {
      params: { path: { appId: 'app' }, query: { pageSize: 50 } },
    });
    void client.GET('/payment/management/v1/merchants/{appId}/orders', {
      // @ts-expect-error pageSize is an integer, not a string
      params: { path: { appId: 'app' }, query: { pageSize: '50' } },
    });
  });
});

describe('statuses', () => {
  it('rejects an unknown status', () => {
    // @ts-expect-error misspelt status
    const status: InstantPaymentStatus = 'CONSENT_AUTHORIED';
    void status;
  });

  it('derives runtime constants that equal the spec types', () => {
    expectTypeOf<(typeof INSTANT_PAYMENT_STATUSES)[number]>().toEqualTypeOf<InstantPaymentStatus>();
    expectTypeOf<(typeof AUTOMATIC_CONSENT_STATUSES)[number]>().toEqualTypeOf<AutomaticConsentStatus>();
    expectTypeOf<(typeof AUTOMATIC_PAYMENT_STATUSES)[number]>().toEqualTypeOf<AutomaticPaymentStatus>();
    expectTypeOf<(typeof INSTANT_PAYMENT_TERMINAL_STATUSES)[number]>().toExtend<InstantPaymentStatus>();
  });

  it('rejects an unknown status in a wait', () => {
    // @ts-expect-error misspelt status
    void awaitPaymentStatus(client, 'id', { until: 'PAYMENT_COMPLETE' });
    void awaitPaymentStatus(client, 'id', { until: ['PAYMENT_COMPLETED', 'CANCELED'] });
    void awaitPaymentStatus(throwing, 'id', { until: (result) => result.status === 'PAYMENT_COMPLETED' });
  });
});

describe('results', () => {
  it('returns { data } or { error: KlaviApiError } by default', async () => {
    const result = await client.POST('/payment/customer/v1/instant/payments', { body: pixManu });
    if (result.error) {
      expectTypeOf(result.error).toExtend<KlaviApiError<KlaviErrorBody | BusinessError>>();
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.data).toEqualTypeOf<InstantPaymentCreated>();
    }
  });

  it('returns data directly when the client throws on errors', async () => {
    const { data } = await throwing.GET('/payment/customer/v1/instant/payments/{id}', {
      params: { path: { id: 'x' } },
    });
    // Mutual assignability: openapi-fetch's Readable<> spells the same type differently.
    expectTypeOf(data).toExtend<InstantPayment>();
    expectTypeOf<InstantPayment>().toExtend<typeof data>();
  });

  it('lets a call without required parameters opt into throwing', async () => {
    const { data } = await client.GET('/payment/management/v1/merchants/apps', { throwOnError: true });
    expectTypeOf(data.data[0]!.appId).toEqualTypeOf<string>();
  });

  it('lets one call opt into throwing', async () => {
    const { data } = await client.GET('/payment/customer/v1/instant/payments/{id}', {
      params: { path: { id: 'x' } },
      throwOnError: true,
    });
    // Mutual assignability: openapi-fetch's Readable<> spells the same type differently.
    expectTypeOf(data).toExtend<InstantPayment>();
    expectTypeOf<InstantPayment>().toExtend<typeof data>();
    const result = await throwing.GET('/payment/customer/v1/instant/payments/{id}', {
      params: { path: { id: 'x' } },
      throwOnError: false,
    });
    expectTypeOf(result).toHaveProperty('error');
  });
});

describe('pagination', () => {
  it('iterates the items of a list', async () => {
    for await (const order of paginate(client, '/payment/management/v1/merchants/{appId}/orders', {
      params: { path: { appId: 'app' } },
    })) {
      // Mutual assignability: openapi-fetch's Readable<> spells the same type differently.
      expectTypeOf(order).toExtend<InstantPayment>();
      expectTypeOf<InstantPayment>().toExtend<typeof order>();
    }
  });

  it('only accepts cursor-paginated paths', () => {
    // @ts-expect-error a single order is not a list
    void paginate(client, '/payment/management/v1/merchants/{appId}/orders/{id}', {
      params: { path: { appId: 'a', id: 'b' } },
    });
  });
});

describe('options', () => {
  it('needs an environment or a base URL', () => {
    // @ts-expect-error neither environment nor baseUrl
    createKlaviClient({ credentials: { accessKey: 'a', secretKey: 's' } });
    // @ts-expect-error not an environment of the spec
    createKlaviClient({ environment: 'staging', credentials: { accessKey: 'a', secretKey: 's' } });
    createKlaviClient({ baseUrl: 'http://127.0.0.1:4010', credentials: { accessKey: 'a', secretKey: 's' } });
  });
});

describe('payment events', () => {
  it('returns a KlaviEvent for raw bodies and either kind of headers', async () => {
    const headers = { 'x-klavi-signature': 'ab', 'x-klavi-timestamp': '1' };
    expectTypeOf(await verifyKlaviEvent('{}', headers, 's')).toEqualTypeOf<KlaviEvent>();
    void verifyKlaviEvent(new Uint8Array(), new Headers(headers), 's', { toleranceSeconds: 60, now: () => 0 });
    void verifyKlaviEvent(new ArrayBuffer(0), { 'x-klavi-signature': ['ab'], other: undefined }, 's');
    // @ts-expect-error a parsed body cannot be verified: pass the raw one
    void verifyKlaviEvent({ eventId: 'x' }, headers, 's');
    // @ts-expect-error toleranceSeconds is a number of seconds
    void verifyKlaviEvent('{}', headers, 's', { toleranceSeconds: '300' });
  });

  it('names exactly the spec’s events', () => {
    expectTypeOf<KlaviEvent['eventName']>().toEqualTypeOf<PaymentEventName>();
    expectTypeOf<(typeof PAYMENT_EVENT_NAMES)[number]>().toEqualTypeOf<PaymentEventName>();
    expectTypeOf<KlaviEventOf<'instant_payment.status_changed'>>().toEqualTypeOf<InstantPaymentStatusChangedEvent>();
  });

  it('types data by eventName', async () => {
    const event = await verifyKlaviEvent('{}', new Headers(), 's');
    // The resource's status response, and not the union of the three, before narrowing.
    expectTypeOf(event.data).not.toEqualTypeOf<InstantPaymentStatusResponse>();
    if (event.eventName === 'instant_payment.status_changed') {
      expectTypeOf(event.data).toEqualTypeOf<InstantPaymentStatusResponse>();
      expectTypeOf(event.data.status).toEqualTypeOf<InstantPaymentStatus>();
      // @ts-expect-error CONSENT_REVOKED is a consent status, not a payment's
      void (event.data.status === 'CONSENT_REVOKED');
    }
    switch (event.eventName) {
      case 'instant_payment.status_changed':
        expectTypeOf(event.data.status).toEqualTypeOf<InstantPaymentStatus>();
        break;
      case 'automatic_consent.status_changed':
        expectTypeOf(event.data).toEqualTypeOf<AutomaticConsentStatusResponse>();
        expectTypeOf(event.data.status).toEqualTypeOf<AutomaticConsentStatus>();
        break;
      case 'automatic_payment.status_changed':
        expectTypeOf(event.data).toEqualTypeOf<AutomaticPaymentStatusResponse>();
        expectTypeOf(event.data.status).toEqualTypeOf<AutomaticPaymentStatus>();
        expectTypeOf(event.data.consentId).toEqualTypeOf<string>();
        break;
      default:
        // Every event name is handled above.
        expectTypeOf(event).toBeNever();
    }
    expectTypeOf(event.eventId).toEqualTypeOf<string>();
    expectTypeOf(event.eventType).toEqualTypeOf<'payment'>();
  });
});
