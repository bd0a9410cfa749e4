// curl, for a shell: the bearer token from $KLAVI_ACCESS_TOKEN (or $KLAVI_MANAGEMENT_TOKEN), the
// keys of a token request from their variables, and a fresh clientRequestId from openssl.
import { FRESH_KEY, markedEnv } from './request.mjs';

/** @import { SampleRequest } from './request.mjs' */

export const curl = {
  lang: 'curl',
  label: 'curl',
  /** @param {SampleRequest} req */
  render(req) {
    const body =
      req.body === undefined
        ? undefined
        : JSON.stringify(req.body, null, 2)
            .replace(/'/g, `'\\''`)
            .replace(/"(<[^"]+>)"/g, (match, marker) => {
              if (marker === FRESH_KEY) return `"'"$(openssl rand -hex 16)"'"`;
              const env = markedEnv(marker);
              return env ? `"'"$${env}"'"` : match;
            });
    return [
      `curl -X ${req.method} '${req.baseUrl}${req.target}'`,
      ...(req.auth ? [`  -H "Authorization: Bearer $${req.auth.tokenEnv}"`] : []),
      `  -H 'Accept: application/json'`,
      ...(body !== undefined ? [`  -H 'Content-Type: application/json'`, `  -d '${body}'`] : []),
    ].join(' \\\n');
  },
};
