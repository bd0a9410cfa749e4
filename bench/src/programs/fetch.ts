// Raw fetch: what a developer writes with no library at all.
import { CREATE_PATH, TOKEN_PATH, type ConnectOptions, type PaymentProgram } from './types.js';

export function connect({ baseUrl, accessKey, secretKey, fetch = globalThis.fetch }: ConnectOptions): PaymentProgram {
  let token: Promise<string> | undefined;
  const getToken = async () => {
    const response = await fetch(baseUrl + TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKey, secretKey }),
    });
    if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  return {
    async createPayment(body) {
      token ??= getToken();
      const response = await fetch(baseUrl + CREATE_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token}` },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`create: HTTP ${response.status}`);
      return ((await response.json()) as { id: string }).id;
    },
  };
}
