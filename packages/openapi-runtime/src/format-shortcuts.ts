// ajv-formats' `uri` and `date-time`, each behind a shortcut that accepts the common shape at a
// glance: an http(s) URL of plain characters, a UTC timestamp as toISOString writes it. Whatever
// the shortcut does not accept goes to ajv-formats, which stays the judge of every other string.
// A shortcut only ever accepts what ajv-formats accepts too (test/format-shortcuts.test.ts checks
// it against ajv-formats on mutated strings), so the verdicts are ajv-formats'. The full URI
// pattern and the date-time split took about a twentieth of the sandbox's time under load.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type Validate = (text: string) => boolean;
type Compare = (a: string, b: string) => number | undefined;

const fullUri = fullFormats.uri as Validate;
const fullDateTime = fullFormats['date-time'] as { validate: Validate; compare: Compare };

/** scheme http(s), a host of letters, digits, dots and hyphens, a port, path segments of unreserved characters. */
export const PLAIN_HTTP_URL = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:\/[a-z0-9._~-]*)*$/i;

export const uri: Validate = (text) => PLAIN_HTTP_URL.test(text) || fullUri(text);

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `length` digits at `at`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction]Z` naming a real day and a time before 24:00 without a leap second. */
export function isUtcTimestamp(text: string): boolean {
  const end = text.length - 1;
  if (
    end < 19 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(end) !== 90
  )
    return false;
  if (end > 19 && (text.charCodeAt(19) !== 46 || end === 20 || digits(text, 20, end - 20) < 0)) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

export const dateTime = {
  validate: (text: string) => isUtcTimestamp(text) || fullDateTime.validate(text),
  compare: fullDateTime.compare,
};

/** Replaces ajv-formats' `uri` and `date-time` on `ajv` (added before) with the shortcut versions. */
export function addFormatShortcuts(ajv: Ajv2020): void {
  ajv.addFormat('uri', uri);
  ajv.addFormat('date-time', dateTime);
}
