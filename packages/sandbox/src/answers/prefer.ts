// The Prefer request header (RFC 7240) as Prism reads it: `code=503` asks for the operation's
// documented 503, `example=NAME` for its example of that name. Preferences the sandbox does not
// know are ignored, as RFC 7240 asks; a preference given twice counts once, the first.
import { ApiError } from '../errors.js';

export interface Preference {
  /** The documented status asked for. */
  readonly code?: number;
  /** The name of a documented response example. */
  readonly example?: string;
}

/** The longest example name taken: the spec's names are short identifiers. */
const MAX_NAME = 128;

/** `name=value` or `name="quoted value"`, with any `; parameters` after it. */
const TOKEN = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,"]*)))?\s*(?:;.*)?$/s;

/**
 * The code and example preferences of a request's Prefer headers, or undefined when it asks for
 * neither. A malformed code or example is the caller's mistake: a 400 that names the header.
 */
export function readPreference(header: string | readonly string[] | undefined): Preference | undefined {
  if (header === undefined) return undefined;
  const text = typeof header === 'string' ? header : header.join(',');
  let code: number | undefined;
  let example: string | undefined;
  let sawCode = false;
  let sawExample = false;
  for (const part of splitPreferences(text)) {
    const match = TOKEN.exec(part);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    if (name === 'code' && !sawCode) {
      sawCode = true;
      if (!/^[1-5]\d\d$/.test(value))
        throw new ApiError(
          400,
          `the Prefer header's code must be a three-digit HTTP status, got ${JSON.stringify(value)}`,
        );
      code = Number(value);
    } else if (name === 'example' && !sawExample) {
      sawExample = true;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: it finds the control characters to refuse.
      if (value === '' || value.length > MAX_NAME || /[\x00-\x1f\x7f]/.test(value))
        throw new ApiError(
          400,
          `the Prefer header's example must name one of the operation's examples, got ${JSON.stringify(value.slice(0, MAX_NAME))}`,
        );
      example = value;
    }
  }
  if (code === undefined && example === undefined) return undefined;
  return { ...(code === undefined ? {} : { code }), ...(example === undefined ? {} : { example }) };
}

/** Splits on the commas between preferences, not on those inside a quoted value. */
function splitPreferences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
