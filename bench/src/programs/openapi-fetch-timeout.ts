// Bare openapi-fetch with the one safeguard every production call needs and the client has: a
// per-call timeout (an AbortController and a timer, cleared once the body is read). It shows what
// of the client's cost over bare openapi-fetch is that timeout, which undici charges for.
import type { paths } from '@klavi-pay/client';
import createClient from 'openapi-fetch';
import type { ConnectOptions, PaymentProgram } from './types.js';

const TIMEOUT_MS = 30_000;

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
      const authorization = `Bearer ${await token}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      try {
        const { data, error } = await client.POST('/payment/customer/v1/instant/payments', {
          body: body as paths['/payment/customer/v1/instant/payments']['post']['requestBody']['content']['application/json'],
          headers: { authorization },
          signal: controller.signal,
        });
        if (error) throw new Error(`create: ${error.message}`);
        return data.id;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
