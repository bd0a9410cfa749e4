// TypeScript with @klavi-pay/client: typed paths and bodies, tokens requested and refreshed by the
// client. The docs' tests type-check every one against the client.
import { literal } from './literals.mjs';
import { JS_STYLE } from './javascript.mjs';

/** @import { SampleRequest } from './request.mjs' */

/** process.env reads are `string | undefined`: the sample says they are set. */
const TS_STYLE = { ...JS_STYLE, env: (/** @type {string} */ name) => `process.env.${name}!` };

export const typescript = {
  lang: 'TypeScript',
  label: '@klavi-pay/client',
  /** @param {SampleRequest} req */
  render(req) {
    const { path } = req;
    const method = req.method;
    const init = [];
    const pathParams = Object.entries(req.pathParams);
    const query = req.target.includes('?') ? new URLSearchParams(req.target.split('?')[1]) : undefined;
    if (pathParams.length || query) {
      const params = [];
      if (pathParams.length)
        params.push(`path: { ${pathParams.map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join(', ')} }`);
      if (query) params.push(`query: { ${[...query].map(([name, value]) => `${name}: ${value}`).join(', ')} }`);
      init.push(`  params: { ${params.join(', ')} },`);
    }
    if (req.body !== undefined) init.push(`  body: ${literal(req.body, TS_STYLE, '  ')},`);
    const call = init.length
      ? `await klavi.${method}('${path}', {\n${init.join('\n')}\n});`
      : `await klavi.${method}('${path}');`;
    const credentials = [
      '  credentials: { accessKey: process.env.KLAVI_ACCESS_KEY!, secretKey: process.env.KLAVI_SECRET_KEY! },',
      ...(req.auth?.tokenEnv === 'KLAVI_MANAGEMENT_TOKEN'
        ? [
            '  managementCredentials: { accessKey: process.env.KLAVI_MANAGEMENT_ACCESS_KEY!, secretKey: process.env.KLAVI_MANAGEMENT_SECRET_KEY! },',
          ]
        : []),
    ];
    const note = req.isTokenEndpoint
      ? '// The client requests and refreshes tokens by itself; this is the raw call.\n'
      : '';
    return `import { createKlaviClient } from '@klavi-pay/client';

const klavi = createKlaviClient({
  environment: 'sandbox',
${credentials.join('\n')}
});

${note}const { data, error } = ${call}
if (error) throw error; // KlaviApiError: status, body, operationId, requestId
console.log(JSON.stringify(data, null, 2));
`;
  },
};
