// The Prefer request header (RFC 7240) as Prism reads it: `code=503` asks for the operation's
// documented 503, `example=NAME` for its example of that name. Preferences the sandbox does not
// know are ignored, as RFC 7240 asks; a preference given twice counts once, the first. One of its
// own it cannot read (`code=503 example=X`, a comma forgotten) is refused: ignoring it would do the
// work the caller meant to skip.
import { ApiError } from '../errors.js';

export interface Preference {
  /** The documented status asked for. */
  readonly code?: number;
  /** The name of a documented response example. */
  readonly example?: string;
}

/** The longest Prefer header read: a few preferences, not a document. */
export const MAX_PREFER_LENGTH = 1024;
/** The longest example name taken: the spec's names are short identifiers. */
const MAX_NAME = 128;
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: it finds the control characters to refuse.
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * The code and example preferences of a request's Prefer headers, or undefined when it asks for
 * neither. A malformed code or example is the caller's mistake: a 400 that names the header.
 */
export function readPreference(header: string | readonly string[] | undefined): Preference | undefined {
  if (header === undefined) return undefined;
  const text = typeof header === 'string' ? header : header.join(',');
  if (text.length > MAX_PREFER_LENGTH)
    throw new ApiError(
      400,
      `the Prefer header is ${text.length} characters long; the sandbox reads at most ${MAX_PREFER_LENGTH}`,
    );
  let code: number | undefined;
  let example: string | undefined;
  let sawCode = false;
  let sawExample = false;
  for (const part of splitOutsideQuotes(text, ',')) {
    // Parameters after `;` qualify a preference; the sandbox takes none.
    const [preference = ''] = splitOutsideQuotes(part, ';');
    const equals = preference.indexOf('=');
    const name = (equals === -1 ? preference : preference.slice(0, equals)).trim().toLowerCase();
    const known = name === 'code' || name === 'example';
    if (!TOKEN.test(name)) {
      // `code 503`, `example:Foo`: meant for the sandbox, but unreadable.
      if (/^\s*(code|example)\b/i.test(preference))
        throw new ApiError(
          400,
          `the Prefer header's ${JSON.stringify(preference.trim().slice(0, 64))} cannot be read: write code=503 or example=NAME, comma-separated`,
        );
      continue;
    }
    if (!known) continue;
    const value = unquote(equals === -1 ? '' : preference.slice(equals + 1).trim());
    if (value === undefined)
      throw new ApiError(400, `the Prefer header's ${name} cannot be read: write ${name}=VALUE, comma-separated`);
    if (name === 'code' && !sawCode) {
      sawCode = true;
      if (!/^[1-5]\d\d$/.test(value))
        throw new ApiError(
          400,
          `the Prefer header's code must be a three-digit HTTP status, got ${JSON.stringify(value.slice(0, 64))}`,
        );
      code = Number(value);
    } else if (name === 'example' && !sawExample) {
      sawExample = true;
      if (value === '' || value.length > MAX_NAME || CONTROL.test(value))
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

/** A token, or a quoted string without its quotes; undefined when it is neither (`503 example=X`). */
function unquote(value: string): string | undefined {
  if (value.startsWith('"')) {
    if (value.length < 2 || !value.endsWith('"')) return undefined;
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return /[\s"]/.test(value) ? undefined : value;
}

/** Splits on `separator` outside quoted strings. Linear: one pass, no backtracking. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
