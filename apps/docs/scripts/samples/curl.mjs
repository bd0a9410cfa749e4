// curl, for a shell: the bearer token from $KLAVI_ACCESS_TOKEN (or $KLAVI_MANAGEMENT_TOKEN), the
// keys of a token request from their variables, a fresh clientRequestId from openssl, and today's
// date in Brasília from date(1): TZ=UTC+3 is POSIX for three hours behind UTC, with no time-zone
// database needed, and GNU and BSD date both read it.
import { FRESH_KEY, markedEnv, TODAY } from './request.mjs';

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
              if (marker === TODAY) return `"'"$(TZ=UTC+3 date +%F)"'"`;
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
