// axios, the most installed HTTP client, with its defaults.
import axios from 'axios';
import { CREATE_PATH, TOKEN_PATH, type ConnectOptions, type PaymentProgram } from './types.js';

export function connect({ baseUrl, accessKey, secretKey, fetch }: ConnectOptions): PaymentProgram {
  // Given a fetch, axios must use its fetch adapter; otherwise it keeps its default (http in Node).
  const http = axios.create({ baseURL: baseUrl, ...(fetch ? { adapter: 'fetch' as const, env: { fetch } } : {}) });
  let token: Promise<string> | undefined;
  const getToken = async () =>
    (await http.post<{ accessToken: string }>(TOKEN_PATH, { accessKey, secretKey })).data.accessToken;
  return {
    async createPayment(body) {
      token ??= getToken();
      const response = await http.post<{ id: string }>(CREATE_PATH, body, {
        headers: { authorization: `Bearer ${await token}` },
      });
      return response.data.id;
    },
  };
}
