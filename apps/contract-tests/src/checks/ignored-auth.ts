// ignored_auth (Schemathesis's): a request without valid credentials is refused. Called by the auth
// suite (bad credentials of every kind) and the expiry suite (a token past its expireIn).
import { suiteCheck } from './define.js';

export type IgnoredAuthInput =
  /** A request with credentials that must be refused (`sent` names them), and the statuses that refuse them. */
  | { step: 'refused'; sent: string; expected: number[]; status: number }
  /** The expiry case's token request: it must issue a token with its lifetime. */
  | { step: 'token-issued'; status: number; accessToken: unknown; expireIn: unknown }
  /** The expiry case's read with the fresh token, which must be served. */
  | { step: 'fresh-token'; status: number }
  /** The same read once the token's lifetime has passed (`how` says how it was passed), which must get 401. */
  | { step: 'expired-token'; status: number; how: string };

export const ignoredAuth = suiteCheck({
  name: 'ignored_auth',
  label: 'auth',
  description: "missing, bad or expired credentials get 401; the other API's token 403",
  judge: (input: IgnoredAuthInput, outcome) => {
    switch (input.step) {
      case 'refused':
        return input.expected.includes(input.status)
          ? outcome.pass()
          : outcome.fail(`sent ${input.sent}: expected ${input.expected.join(' or ')}, got ${input.status}`);
      case 'token-issued':
        return input.status === 200 && typeof input.accessToken === 'string' && Number.isInteger(input.expireIn)
          ? outcome.pass()
          : outcome.fail(`a token with its expireIn: got ${input.status}`);
      case 'fresh-token':
        return input.status >= 200 && input.status < 300
          ? outcome.pass()
          : outcome.fail(`a fresh token reads the payment: got ${input.status}`);
      case 'expired-token':
        // The pass says how the lifetime was passed: the clock moved, or a real-time wait.
        return input.status === 401
          ? outcome.pass(`a token past its expireIn gets 401 (${input.how})`)
          : outcome.fail(`a token past its expireIn (${input.how}): expected 401, got ${input.status}`);
    }
  },
});
