// The auth suite: every secured operation sent no, bad or forged credentials, or a valid token of
// the other API, and the token and whitelabel endpoints a wrong key pair; ignored_auth
// (src/checks/ignored-auth.ts) judges each refusal.
import type { Json } from '@klavi-pay/openapi-runtime';
import { validInput } from '../catalog.js';
import { tokenFor, urlOf, type Input } from '../api-call.js';
import { ignoredAuth } from '../checks/ignored-auth.js';
import type { RunContext } from '../context.js';
import { SkipCase } from '../skip.js';
import type { CaseRunner } from '../runner.js';

interface Probe {
  name: string;
  authorization?: string | (() => Promise<string>);
  /** The status that refuses it: 401 for a bad token, 403 for a valid token of the other API (spec DECISIONS D-48). */
  expected: number[];
}

export async function authChecks(ctx: RunContext, runner: CaseRunner): Promise<void> {
  for (const operation of ctx.spec.operations) {
    const operationId = operation.operationId;
    const probes: Probe[] = [];
    if (operation.security) {
      const other = operation.security === 'CustomerBearer' ? 'ManagementBearer' : 'CustomerBearer';
      probes.push(
        { name: 'no Authorization header', expected: [401] },
        { name: 'a Bearer token that is not a token', authorization: 'Bearer not-a-real-token', expected: [401] },
        { name: 'a malformed Authorization header', authorization: 'Basic c2FuZGJveDpzYW5kYm94', expected: [401] },
        {
          name: 'a forged token (valid token, changed signature)',
          authorization: async () => `Bearer ${forge(await tokenFor(ctx, operation.security as 'CustomerBearer'))}`,
          expected: [401],
        },
        {
          name: `a valid token of the other API (${other})`,
          authorization: async () => `Bearer ${await tokenFor(ctx, other)}`,
          expected: [403],
        },
      );
    } else if (operation.bodyPointer) {
      probes.push({ name: 'a wrong accessKey/secretKey pair in the body', expected: [401] });
    }
    for (const probe of probes) {
      const id = `auth/${operationId}/${probe.name}`;
      await runner.case({ id, suite: 'auth', operations: [operationId], checks: [ignoredAuth.name] }, async (t) => {
        const input = await validInput(ctx, operationId, ctx.rng.fork(id), { optional: 'none' });
        let body = input.body;
        if (!operation.security) body = withWrongKeys(body);
        let authorization: string | undefined;
        try {
          authorization = typeof probe.authorization === 'function' ? await probe.authorization() : probe.authorization;
        } catch (error) {
          if (error instanceof SkipCase) throw error;
          throw new SkipCase(`could not get a token to tamper with: ${(error as Error).message}`);
        }
        const status = await send(ctx, operation.method, operation.path, input, body, authorization);
        t.check(ignoredAuth, operationId, { step: 'refused', sent: probe.name, expected: probe.expected, status });
      });
    }
  }
}

/** The request made by hand: the client would add valid credentials. */
async function send(
  ctx: RunContext,
  method: string,
  template: string,
  input: Input,
  body: Json | undefined,
  authorization: string | undefined,
): Promise<number> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await ctx.recorder.fetch(urlOf(ctx, template, input.path, input.query), {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

function withWrongKeys(body: Json | undefined): Json | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...body, accessKey: 'contract-wrong-key', secretKey: 'contract-wrong-secret' };
}

/** A JWT with its signature's first characters changed; anything else is returned reversed. */
function forge(token: string): string {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[2]!.length < 4) return [...token].reverse().join('');
  const signature = parts[2]!;
  const flipped = signature.startsWith('AAAA') ? `BBBB${signature.slice(4)}` : `AAAA${signature.slice(4)}`;
  return `${parts[0]}.${parts[1]}.${flipped}`;
}
