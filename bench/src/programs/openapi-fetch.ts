// Bare openapi-fetch on the same generated types the client uses: typed paths, no auth or retries.
import type { paths } from '@klavi-pay/client';
import createClient from 'openapi-fetch';
import type { ConnectOptions, PaymentProgram } from './types.js';

export function connect({ baseUrl, accessKey, secretKey, fetch }: ConnectOptions): PaymentProgram {
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  let token: Promise<string> | undefined;
  const getToken = async () => {
    const { data, error } = await client.POST('/payment/customer/v1/auth', { body: { accessKey, secretKey } });
    if (error) throw new Error(`token: ${error.message}`);
    return data.accessToken;
  };
  return {
    async createPayment(body) {
      token ??= getToken();
      const { data, error } = await client.POST('/payment/customer/v1/instant/payments', {
        body: body as paths['/payment/customer/v1/instant/payments']['post']['requestBody']['content']['application/json'],
        headers: { authorization: `Bearer ${await token}` },
      });
      if (error) throw new Error(`create: ${error.message}`);
      return data.id;
    },
  };
}
