// Starts a sandbox on a free port with a frozen clock and a seed, and a @klavi-pay/client pointed
// at it. Every test that uses it fails if the sandbox sent a response the spec does not allow.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createKlaviClient } from '@klavi-pay/client';
import { expect } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type Sandbox, type StartSandboxOptions } from '../../src/index.js';
import type { SandboxState } from '../../src/domain/state.js';

export const START = Date.parse('2026-11-21T12:00:00.000Z');
export const CUSTOMER = DEMO_CREDENTIALS.CustomerBearer[0]!;
export const MANAGEMENT = DEMO_CREDENTIALS.ManagementBearer[0]!;
export const APP_ID = CUSTOMER.appId!;

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));

/** An example body of the bundled spec, as a fixture. */
export function example(name: string): any {
  const found = spec.components.examples[name];
  if (!found) throw new Error(`no example ${name}`);
  return structuredClone(found.value);
}

export const bundle = spec;

export async function boot(options: StartSandboxOptions = {}) {
  const sandbox = await startSandbox({ port: 0, quiet: true, clock: START, seed: 7, ...options });
  const client = createKlaviClient({
    baseUrl: sandbox.url,
    credentials: { accessKey: CUSTOMER.accessKey, secretKey: CUSTOMER.secretKey },
    managementCredentials: { accessKey: MANAGEMENT.accessKey, secretKey: MANAGEMENT.secretKey },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const raw = (path: string, init?: RequestInit) => fetch(sandbox.url + path, init);
  async function token(scheme: 'customer' | 'management' = 'customer'): Promise<string> {
    const pair = scheme === 'customer' ? CUSTOMER : MANAGEMENT;
    const response = await raw(`/payment/${scheme}/v1/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKey: pair.accessKey, secretKey: pair.secretKey }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
  async function stop() {
    await sandbox.close();
    expect(sandbox.violations, 'responses that do not match the spec').toEqual([]);
    expect(illegalMoves(sandbox), "status changes the spec's x-transitions do not allow").toEqual([]);
  }
  return { sandbox, client, raw, token, stop };
}

export type Booted = Awaited<ReturnType<typeof boot>>;

/** A new clientRequestId per call. */
let counter = 0;
export const key = (label = 'order') => `${label}-${++counter}-${Date.now().toString(36)}`;

export function instantBody(overrides: Record<string, unknown> = {}, name = 'InstantPaymentPixManuRequest') {
  return { ...example(name), clientRequestId: key(), ...overrides };
}

/** Opens the bank page behind a redirect URL and submits a decision; returns where the bank sends the user. */
export async function decide(sandbox: Sandbox, url: string, decision: 'approve' | 'reject'): Promise<URL> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!formToken || !action) throw new Error(`no decision form on the bank page:\n${html}`);
  const response = await fetch(sandbox.url + action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

/** The sandbox's own state behind its read-only view, for the tests that reach into the domain. */
/** A JSON POST with the customer token, as a merchant's backend sends one. */
export async function postJson(booted: Booted, path: string, body: unknown): Promise<Response> {
  return booted.raw(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${await booted.token()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const internalState = (sandbox: Sandbox): SandboxState => sandbox.state as SandboxState;

/** Every status change the sandbox made that the spec's state machines (x-transitions) do not allow. */
export function illegalMoves(sandbox: Sandbox): string[] {
  const machines: Array<[string, Iterable<{ id: string; life: { history: readonly string[] } }>]> = [
    ['InstantPaymentStatus', sandbox.state.records('instant')],
    ['AutomaticConsentStatus', sandbox.state.records('consent')],
    ['AutomaticPaymentStatus', sandbox.state.records('automatic-payment')],
  ];
  const illegal: string[] = [];
  for (const [schema, records] of machines) {
    const transitions = spec.components.schemas[schema]['x-transitions'] as Record<string, string[]>;
    for (const record of records) {
      record.life.history.forEach((status, index) => {
        const next = record.life.history[index + 1];
        if (next && !transitions[status]?.includes(next)) illegal.push(`${schema} ${record.id}: ${status} → ${next}`);
      });
    }
  }
  return illegal;
}
