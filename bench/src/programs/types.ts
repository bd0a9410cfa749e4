// The one program every client contender implements: fetch a token once, then create instant
// payments with it. The bundle-size figure is this program built for the browser; the per-call
// figure is createPayment called in a loop.

export interface ConnectOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  /** Replaces the global fetch, to measure a contender's own work without a network. */
  fetch?: typeof fetch;
}

export interface PaymentProgram {
  /** Creates an instant payment and resolves with the id the server gave it. */
  createPayment(body: Record<string, unknown>): Promise<string>;
}

export const TOKEN_PATH = '/payment/customer/v1/auth';
export const CREATE_PATH = '/payment/customer/v1/instant/payments';
