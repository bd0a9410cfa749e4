// Payment events (the spec's `webhooks`, DECISIONS.md D-50): Klavi POSTs each event signed with
// `X-Klavi-Signature`, the hex HMAC-SHA256 of the raw body keyed with the application's secretKey,
// and `X-Klavi-Timestamp`, the delivery time in Unix seconds. WebCrypto only, so that a receiver
// runs in Node 20+, Deno, Bun and edge runtimes alike.
import { KlaviConfigError } from './errors.js';
import type { webhooks } from './generated/schema.js';
import { ENUM_VALUES } from './generated/spec-metadata.js';

type EventBody<K extends keyof webhooks> = webhooks[K]['post']['requestBody']['content']['application/json'];

/**
 * A verified payment event: one of the spec's webhook bodies (`InstantPaymentStatusChangedEvent`,
 * `AutomaticConsentStatusChangedEvent`, `AutomaticPaymentStatusChangedEvent`), discriminated by
 * `eventName`, so that checking it types `data` as that resource's status response.
 */
export type KlaviEvent = { [K in keyof webhooks]: EventBody<K> }[keyof webhooks];

/** The event of one name, e.g. `KlaviEventOf<'instant_payment.status_changed'>`. */
export type KlaviEventOf<Name extends KlaviEvent['eventName']> = Extract<KlaviEvent, { eventName: Name }>;

/** Every payment event name of the spec (`PaymentEventName`), in spec order. */
// A pure call, not a bare property read: a bundler keeps any object a top-level read touches, and
// ENUM_VALUES holds every enum of the spec, which a program that never verifies events need not ship.
export const PAYMENT_EVENT_NAMES = /* @__PURE__ */ (() => ENUM_VALUES.PaymentEventName)();

/** Why an event was refused. */
export type KlaviEventVerificationFailure =
  /** `X-Klavi-Signature` or `X-Klavi-Timestamp` is absent or empty. */
  | 'missing-header'
  /** The signature is not 64 hex digits, or does not match the body and the secretKey. */
  | 'bad-signature'
  /** The timestamp is not Unix seconds, or further from the clock than `toleranceSeconds`. */
  | 'stale-timestamp'
  /** The body is correctly signed but is not JSON, or not a payment event this client knows. */
  | 'malformed';

/** An event that must not be processed; `reason` says which check refused it. */
export class KlaviEventVerificationError extends Error {
  override readonly name: string = 'KlaviEventVerificationError';
  constructor(
    readonly reason: KlaviEventVerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyKlaviEventOptions {
  /** How far `X-Klavi-Timestamp` may be from the clock, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** The request's headers: a fetch `Headers`, or the record Node, Express and Fastify give. */
export type KlaviEventHeaders = Headers | Record<string, string | string[] | undefined>;

const SIGNATURE = 'X-Klavi-Signature';
const TIMESTAMP = 'X-Klavi-Timestamp';

/**
 * Verifies a payment event and returns it parsed. Pass the body exactly as it arrived (before any
 * JSON parsing), the request's headers and the application's secretKey. Checks, in order: both
 * headers are present, the signature (HMAC-SHA256, compared in constant time by WebCrypto), the
 * timestamp within `toleranceSeconds` of the clock, and that the body is a payment event of a known
 * `eventName` (the envelope's fields only; `data` is not validated). Rejects with
 * `KlaviEventVerificationError` (its `reason` says which check failed), `TypeError` for a body that
 * is not raw bytes or text, and `KlaviConfigError` for a bad secretKey or option.
 */
export async function verifyKlaviEvent(
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: KlaviEventHeaders,
  secretKey: string,
  options: VerifyKlaviEventOptions = {},
): Promise<KlaviEvent> {
  const body = bytesOf(rawBody);
  if (typeof secretKey !== 'string' || !secretKey) throw new KlaviConfigError('secretKey must be a non-empty string');
  const { toleranceSeconds = 300, now = Date.now } = checkOptions(options);
  const { subtle } = globalThis.crypto;

  const signatureHex = header(headers, SIGNATURE);
  const timestampText = header(headers, TIMESTAMP);
  const signature = /^[0-9a-f]{64}$/i.test(signatureHex) ? hexBytes(signatureHex) : undefined;
  if (!signature) throw refuse('bad-signature', `${SIGNATURE} is not 64 hex digits (a hex HMAC-SHA256)`);
  if (!/^[0-9]{1,12}$/.test(timestampText))
    throw refuse('stale-timestamp', `${TIMESTAMP} is not a time in Unix seconds`);

  const key = await subtle.importKey('raw', encoder.encode(secretKey), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  if (!(await subtle.verify('HMAC', key, signature, body as Uint8Array<ArrayBuffer>)))
    throw refuse(
      'bad-signature',
      `${SIGNATURE} does not match the body: pass the raw body as received and the app's secretKey`,
    );

  const clock = now();
  if (typeof clock !== 'number' || !Number.isFinite(clock))
    throw new KlaviConfigError(`options.now must return milliseconds, got ${clock}`);
  const skew = clock / 1000 - Number(timestampText);
  if (Math.abs(skew) > toleranceSeconds)
    throw refuse(
      'stale-timestamp',
      `${TIMESTAMP} is ${Math.round(Math.abs(skew))} s ${skew > 0 ? 'old' : 'ahead'}, beyond the ${toleranceSeconds} s tolerance`,
    );

  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw refuse('malformed', 'the body is correctly signed but is not JSON');
  }
  checkShape(event);
  return event;
}

const encoder = /* @__PURE__ */ new TextEncoder();

function refuse(reason: KlaviEventVerificationFailure, message: string) {
  return new KlaviEventVerificationError(reason, message);
}

function bytesOf(rawBody: unknown): Uint8Array {
  if (typeof rawBody === 'string') return encoder.encode(rawBody);
  if (ArrayBuffer.isView(rawBody)) return new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  if (rawBody instanceof ArrayBuffer || Object.prototype.toString.call(rawBody) === '[object ArrayBuffer]')
    return new Uint8Array(rawBody as ArrayBuffer);
  throw new TypeError(
    `verifyKlaviEvent: pass the raw request body (a string, Uint8Array or ArrayBuffer), not ${
      rawBody === null ? 'null' : typeof rawBody === 'object' ? 'a parsed object' : typeof rawBody
    }: a body parsed and serialised again does not match its signature`,
  );
}

function checkOptions(options: VerifyKlaviEventOptions): VerifyKlaviEventOptions {
  if (typeof options !== 'object' || !options) throw new KlaviConfigError('options must be an object');
  for (const name of Object.keys(options))
    if (name !== 'toleranceSeconds' && name !== 'now') throw new KlaviConfigError(`options.${name} is not an option`);
  const { toleranceSeconds, now } = options;
  if (toleranceSeconds !== undefined && !(Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0))
    throw new KlaviConfigError(`options.toleranceSeconds must be a number of seconds >= 0, got ${toleranceSeconds}`);
  if (now !== undefined && typeof now !== 'function')
    throw new KlaviConfigError('options.now must be a function returning milliseconds');
  return options;
}

/** The header's value, looked up case-insensitively; repeated values are joined as fetch does. */
function header(headers: KlaviEventHeaders, name: string): string {
  if (typeof headers !== 'object' || !headers) throw new TypeError('verifyKlaviEvent: headers must be an object');
  let value: string | string[] | null | undefined;
  // Duck-typed, so that another realm's or library's Headers (undici, node-fetch) works too.
  if (typeof headers.get === 'function') value = (headers as Headers).get(name);
  else {
    const record = headers as Record<string, string | string[] | undefined>;
    const lower = name.toLowerCase();
    for (const key of Object.keys(record)) if (key.toLowerCase() === lower) value = record[key];
  }
  const text = (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim();
  if (!text) throw refuse('missing-header', `the ${name} header is missing or empty`);
  return text;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkShape(event: unknown): asserts event is KlaviEvent {
  const malformed = (what: string) => refuse('malformed', `the body is correctly signed but ${what}`);
  if (!isObject(event)) throw malformed('is not a JSON object');
  for (const field of ['partnerAppId', 'eventId', 'eventType', 'eventName', 'eventTime'])
    if (typeof event[field] !== 'string') throw malformed(`has no string ${field}`);
  if (!(PAYMENT_EVENT_NAMES as readonly unknown[]).includes(event.eventName))
    throw malformed(`its eventName ${event.eventName} is not one of ${PAYMENT_EVENT_NAMES.join(', ')}`);
  if (!isObject(event.data)) throw malformed('its data is not an object');
}
