// @klavi-pay/client: typed, with token caching, retries and timeouts.
import { createKlaviClient, type InstantPaymentRequest } from '@klavi-pay/client';
import type { ConnectOptions, PaymentProgram } from './types.js';

export function connect({ baseUrl, accessKey, secretKey, fetch }: ConnectOptions): PaymentProgram {
  const klavi = createKlaviClient({
    baseUrl,
    credentials: { accessKey, secretKey },
    throwOnError: true,
    ...(fetch ? { fetch } : {}),
  });
  return {
    async createPayment(body) {
      const { data } = await klavi.POST('/payment/customer/v1/instant/payments', {
        body: body as InstantPaymentRequest,
      });
      return data.id;
    },
  };
}
