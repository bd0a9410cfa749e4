// unsupported_method (Schemathesis's): a method a path does not declare gets 405, with an Allow
// header that lists the declared ones (RFC 9110 §15.5.6). Called by the methods suite.
import { HTTP_METHODS } from '@klavi-pay/openapi-runtime';
import { suiteCheck } from './define.js';

export type UnsupportedMethodInput =
  /** The status a request with an undeclared method got. */
  | { step: 'status'; method: string; template: string; status: number }
  /** The Allow header of that 405, and the methods the path declares. */
  | { step: 'allow'; method: string; declared: string[]; allow: string | null };

export const unsupportedMethod = suiteCheck({
  name: 'unsupported_method',
  label: '405',
  description: 'an undeclared method gets 405, with Allow listing the declared ones',
  judge: (input: UnsupportedMethodInput, outcome) => {
    if (input.step === 'status')
      return input.status === 405
        ? outcome.pass()
        : outcome.fail(`${input.method} ${input.template}: expected 405, got ${input.status}`);
    const { method, declared } = input;
    const allow = (input.allow ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const missing = declared.filter((m) => !allow.includes(m));
    const wrong = allow.filter(
      (m) => m === method || !HTTP_METHODS.includes(m.toLowerCase() as (typeof HTTP_METHODS)[number]),
    );
    return allow.length > 0 && missing.length === 0 && wrong.length === 0
      ? outcome.pass()
      : outcome.fail(
          `the 405 must list the allowed methods in Allow: got "${input.allow ?? ''}", declared ${declared.join(', ')}`,
        );
  },
});
