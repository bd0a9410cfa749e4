// JavaScript on Node.js 18 or later (an ES module: top-level await), with the built-in fetch and
// nothing to install. For a back end: the keys must never reach a browser.
import { literal } from './literals.mjs';

/** @import { SampleRequest } from './request.mjs' */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** @type {import('./literals.mjs').LiteralStyle} */
export const JS_STYLE = {
  indent: '  ',
  string: (text) => JSON.stringify(text),
  key: (name) => `${IDENTIFIER.test(name) ? name : JSON.stringify(name)}: `,
  object: (items, indent) => `{\n${items.join(',\n')},\n${indent}}`,
  array: (items, indent) => `[\n${items.join(',\n')},\n${indent}]`,
  emptyObject: '{}',
  emptyArray: '[]',
  null: 'null',
  boolean: (value) => String(value),
  fresh: 'crypto.randomUUID()',
  today: 'new Date(Date.now() - 3 * 3600_000).toISOString().slice(0, 10)',
  env: (name) => `process.env.${name}`,
};

export const javascript = {
  lang: 'JavaScript',
  label: 'JavaScript (fetch)',
  /** @param {SampleRequest} req */
  render(req) {
    const options = [];
    if (req.body !== undefined) options.push(`body: ${literal(req.body, JS_STYLE, '  ')}`);
    if (req.auth) options.push('token');
    const args = [
      `'${req.method}'`,
      `'${req.target}'`,
      ...(options.length ? [`{\n  ${options.join(',\n  ')},\n}`] : []),
    ];
    const token = req.auth
      ? `const { accessToken: token } = await call('POST', '${req.auth.tokenPath}', {
  body: { accessKey: process.env.${req.auth.accessKeyEnv}, secretKey: process.env.${req.auth.secretKeyEnv} },
});

`
      : '';
    return `const BASE_URL = process.env.KLAVI_BASE_URL ?? '${req.baseUrl}';

/** Sends body as JSON; the decoded answer, or an Error with the API's body on 4xx and 5xx. */
async function call(method, path, { body, token } = {}) {
  const response = await fetch(BASE_URL + path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: \`Bearer \${token}\` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(\`\${response.status} \${text}\`);
  return JSON.parse(text);
}

${token}const result = await call(${args.join(', ')});
console.log(JSON.stringify(result, null, 2));
`;
  },
};
