// How Klavi signs an event (spec D-50): X-Klavi-Signature is the lowercase hex HMAC-SHA256 of the
// raw body, keyed with the application's secretKey; X-Klavi-Timestamp is the time of the delivery
// in Unix seconds.
import { createHmac } from 'node:crypto';

/** The X-Klavi-Signature of a raw body (a string is signed as its UTF-8 bytes, as it is sent). */
export const signBody = (secretKey: string, rawBody: string | Uint8Array): string =>
  createHmac('sha256', secretKey).update(rawBody).digest('hex');

/** An X-Klavi-Timestamp: `at` (ms since the epoch) in whole Unix seconds. */
export const unixSeconds = (at: number): string => String(Math.floor(at / 1000));

/**
 * A signature one hex digit off: its last digit changed to another. The last, so that a receiver
 * that compares only a prefix of the signature is caught too.
 */
export function flipHexDigit(signature: string): string {
  const last = signature.at(-1);
  if (last === undefined || !/^[0-9a-f]$/.test(last)) throw new Error(`not a hex signature: ${signature}`);
  return `${signature.slice(0, -1)}${(Number.parseInt(last, 16) ^ 1).toString(16)}`;
}
