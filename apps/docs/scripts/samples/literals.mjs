// A JSON value as a literal of a programming language, indented, with the marked strings of
// request.mjs written as that language's calls: FRESH_KEY (a fresh idempotency key), TODAY (today's
// date in Brasília) and `<env NAME>` (an environment variable).
import { FRESH_KEY, markedEnv, TODAY } from './request.mjs';

/** @import { Json } from '@klavi-pay/openapi-runtime' */

/**
 * How one language writes values.
 * @typedef {object} LiteralStyle
 * @property {string} indent one level
 * @property {(text: string) => string} string
 * @property {(name: string) => string} key the key and its separator, `"name": `
 * @property {(items: string[], indent: string) => string} object the entries, one per line, indented
 * @property {(items: string[], indent: string) => string} array
 * @property {string} emptyObject
 * @property {string} emptyArray
 * @property {string} null
 * @property {(value: boolean) => string} boolean
 * @property {string} fresh the expression of a fresh idempotency key
 * @property {string} today the expression of today's date in Brasília (UTC−3, no daylight saving), YYYY-MM-DD
 * @property {(name: string) => string} env the expression that reads environment variable `name`
 */

/**
 * @param {Json} value
 * @param {LiteralStyle} style
 * @param {string} [indent] the indent of the line the literal starts on
 * @returns {string}
 */
export function literal(value, style, indent = '') {
  if (typeof value === 'string') {
    if (value === FRESH_KEY) return style.fresh;
    if (value === TODAY) return style.today;
    const env = markedEnv(value);
    return env ? style.env(env) : style.string(value);
  }
  if (value === null) return style.null;
  if (typeof value === 'boolean') return style.boolean(value);
  if (typeof value === 'number') return String(value);
  const inner = indent + style.indent;
  if (Array.isArray(value))
    return value.length === 0
      ? style.emptyArray
      : style.array(
          value.map((item) => `${inner}${literal(item, style, inner)}`),
          indent,
        );
  const entries = Object.entries(value);
  return entries.length === 0
    ? style.emptyObject
    : style.object(
        entries.map(([name, item]) => `${inner}${style.key(name)}${literal(item, style, inner)}`),
        indent,
      );
}

/** `{`/`}` around comma-separated lines, a trailing comma after the last (Python, Ruby, PHP, Go). */
export const block =
  (/** @type {string} */ open, /** @type {string} */ close, trailing = true) =>
  (/** @type {string[]} */ items, /** @type {string} */ indent) =>
    `${open}\n${items.join(',\n')}${trailing ? ',' : ''}\n${indent}${close}`;
