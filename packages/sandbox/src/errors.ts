import { STATUS_CODES } from 'node:http';

/** An answer with the spec's error body, `{statusCode, error, message}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** For 416, the business code that `statusCode` carries instead of the HTTP status. */
    readonly businessCode?: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): { statusCode: number; error: string; message: string } {
    return errorBody(this.status, this.message, this.businessCode);
  }
}

export function errorBody(status: number, message: string, businessCode?: number) {
  return {
    statusCode: businessCode ?? status,
    error: status === 416 ? 'Business Error' : (STATUS_CODES[status] ?? 'Error'),
    // The spec caps messages at 2048 characters and forbids control characters.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: it finds the control characters to replace.
    message: message.replace(/[\x00-\x08\x0E-\x1F\x7F]/g, ' ').slice(0, 2048) || 'Error',
  };
}
