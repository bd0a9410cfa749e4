// unsupported_method: a method a path does not declare gets 405 with an Allow header that lists
// the declared ones (RFC 9110 §15.5.6).
import { HTTP_METHODS } from '@klavi-pay/openapi-runtime';
import { tokenFor, urlOf } from '../api-call.js';
import type { RunContext } from '../context.js';
import type { CaseRunner } from '../runner.js';

const PROBED = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export async function methodChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const paths = new Map<string, { declared: string[]; operationId: string; security: string | null }>();
  for (const operation of ctx.spec.operations) {
    const entry = paths.get(operation.path) ?? { declared: [], operationId: operation.operationId, security: operation.security };
    entry.declared.push(operation.method);
    paths.set(operation.path, entry);
  }
  for (const [template, { declared, operationId, security }] of paths) {
    for (const method of PROBED.filter((m) => !declared.includes(m))) {
      const id = `methods/${template}/${method}`;
      await runner.case({ id, suite: 'methods', operations: [operationId], checks: ['unsupported_method'] }, async (t) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (security) headers.authorization = `Bearer ${await tokenFor(ctx, security as 'CustomerBearer')}`;
        const path = Object.fromEntries([...template.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name!, `contract-${name}`]));
        const response = await ctx.recorder.fetch(urlOf(ctx, template, path), { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
        await response.arrayBuffer();
        if (!t.expect('unsupported_method', operationId, response.status === 405, `${method} ${template}: expected 405, got ${response.status}`)) return;
        const allow = (response.headers.get('allow') ?? '').split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
        const missing = declared.filter((m) => !allow.includes(m));
        const wrong = allow.filter((m) => m === method || !HTTP_METHODS.includes(m.toLowerCase() as (typeof HTTP_METHODS)[number]));
        t.expect('unsupported_method', operationId, allow.length > 0 && missing.length === 0 && wrong.length === 0, `the 405 must list the allowed methods in Allow: got "${response.headers.get('allow') ?? ''}", declared ${declared.join(', ')}`);
      });
    }
  }
}
