// The data the build gives the "Try it" console: consoleData() in console.mjs returns it, the page
// gets it as JSON in `window.KLAVI_CONSOLE`, and console-page.js reads it. Both sides are
// type-checked against these types, under two programs that cannot import each other's code (Node's
// globals on one side, the DOM's on the other), so the shape they share is written here, once.
// It declares no script: no console-data.js exists.

export interface ConsoleOperation {
  operationId: string;
  /** The operation's summary, else its operationId. */
  summary: string;
  /** Upper case. */
  method: string;
  /** The spec's path template, e.g. `/payment/customer/v1/instant/payments/{id}`. */
  path: string;
  /** The security scheme whose token the request carries (null: anonymous). */
  security: string | null;
  /** The documented request example; `{}` for a body without one; absent when the operation takes no body. */
  body?: unknown;
  /**
   * Where the body carries its idempotency key (clientRequestId), when it does: the console puts a
   * fresh one there, so the example can be sent after someone else sent it (a 409 otherwise).
   */
  idempotencyKey?: string[];
  /**
   * The body's date fields that take today or later (`x-earliest: today`, DECISIONS.md D-51): the
   * console puts today's date in Brasília there instead of the example's fixed one (a 422 otherwise).
   */
  todayFields?: string[];
  pathParameters: Array<{ name: string; example: string }>;
  /** The names of the query parameters. */
  queryParameters: string[];
  /** The operationId of the GET …/{id}/status that follows what this operation creates. */
  follow?: string;
  /** The statuses at which following stops. */
  terminal: readonly string[];
  /** Every documented answer, in spec order: what the console can ask the sandbox for (`Prefer: code=NNN`). */
  answers: ConsoleAnswer[];
  /**
   * The payment events (eventNames of the spec's webhooks) about the resource whose `id` this
   * operation's answer gives, e.g. `['instant_payment.status_changed']`; empty when none is.
   */
  events: string[];
}

/** One documented response of an operation. */
export interface ConsoleAnswer {
  /** `503`. */
  status: string;
  /** The first clause of its description, e.g. `Service Unavailable`. */
  title: string;
}

/** A security scheme: where to get its token, with the sandbox's demo keys. */
export interface ConsoleScheme {
  tokenPath: string;
  accessKey: string;
  secretKey: string;
}

export interface ConsoleData {
  /** The sandbox the page sends to unless the reader names another. */
  sandbox: string;
  /** The sandbox's list of the payment events it made: `GET {sandbox}{eventsPath}?resourceId=ID`. */
  eventsPath: string;
  operations: ConsoleOperation[];
  /** By security scheme name. */
  schemes: Record<string, ConsoleScheme>;
}

declare global {
  interface Window {
    /** Set by the inline script consoleMarkup() puts before console-page.js. */
    KLAVI_CONSOLE: ConsoleData;
  }
}
