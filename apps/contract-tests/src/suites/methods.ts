// The methods suite: each method a path does not declare, sent to it; unsupported_method
// (src/checks/unsupported-method.ts) judges the 405 and its Allow header.
import { tokenFor, urlOf } from '../api-call.js';
import { unsupportedMethod } from '../checks/unsupported-method.js';
import type { RunContext } from '../context.js';
import type { CaseRunner } from '../runner.js';

const PROBED = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export async function methodChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  const paths = new Map<string, { declared: string[]; operationId: string; security: string | null }>();
  for (const operation of ctx.spec.operations) {
    const entry = paths.get(operation.path) ?? {
      declared: [],
      operationId: operation.operationId,
      security: operation.security,
    };
    entry.declared.push(operation.method);
    paths.set(operation.path, entry);
  }
  for (const [template, { declared, operationId, security }] of paths) {
    for (const method of PROBED.filter((m) => !declared.includes(m))) {
      const id = `methods/${template}/${method}`;
      await runner.case(
        { id, suite: 'methods', operations: [operationId], checks: [unsupportedMethod.name] },
        async (t) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (security) headers.authorization = `Bearer ${await tokenFor(ctx, security as 'CustomerBearer')}`;
          const path = Object.fromEntries(
            [...template.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name!, `contract-${name}`]),
          );
          const response = await ctx.recorder.fetch(urlOf(ctx, template, path), {
            method,
            headers,
            ...(method === 'GET' ? {} : { body: '{}' }),
          });
          await response.arrayBuffer();
          if (!t.check(unsupportedMethod, operationId, { step: 'status', method, template, status: response.status }))
            return;
          t.check(unsupportedMethod, operationId, {
            step: 'allow',
            method,
            declared,
            allow: response.headers.get('allow'),
          });
        },
      );
    }
  }
}
