// The registry is the one list of checks: every check has a name, a description and a column
// label of its own, every check module's checks are registered, the check names the types and
// the reports use are the registry's, and each check has a fault that trips it in the double of
// what it certifies: a server check (the API run's) in the broken-server double (broken-server.test.ts
// runs every fault and asserts its check fails), a receiver check (klavi-contract webhooks) in the
// broken receivers (webhooks.test.ts does the same). A receiver check cannot be tripped by a server,
// nor a server check by a receiver: each fault table names only checks of its own kind.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Check } from '../src/checks/define.js';
import {
  API_CHECKS,
  CHECKS,
  RECEIVER_CHECKS,
  REGISTRY,
  RESPONSE_CHECKS,
  type CheckName,
} from '../src/checks/registry.js';
import { checkExchange } from '../src/checks/response.js';
import { USAGE } from '../src/cli.js';
import type { CheckResult } from '../src/results.js';
import { loadSpec } from '../src/spec.js';
import { FAULTS } from './support/broken-server.js';
import { RECEIVER_FAULTS } from './support/receiver.js';

const registered = Object.values(REGISTRY) as Array<Check<CheckName, never>>;
const checksDir = join(import.meta.dirname, '..', 'src', 'checks');

/** Every exported value of src/checks/*.ts that is a check: a name, a judge and where it runs. */
async function checksInModules(): Promise<Array<{ module: string; check: Check<string, never> }>> {
  const found: Array<{ module: string; check: Check<string, never> }> = [];
  for (const file of readdirSync(checksDir).filter((f) => f.endsWith('.ts'))) {
    const exports = (await import(pathToFileURL(join(checksDir, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (value && typeof value === 'object' && 'name' in value && 'judge' in value && 'runs' in value)
        found.push({ module: file, check: value as Check<string, never> });
    }
  }
  return found;
}

describe('the check registry', () => {
  it('registers each check under its own name, once, with a description and a column label', () => {
    expect(Object.keys(REGISTRY)).toEqual(CHECKS);
    for (const [key, check] of Object.entries(REGISTRY)) expect(check.name).toBe(key);
    expect(new Set(CHECKS).size).toBe(CHECKS.length);
    for (const check of registered) {
      expect(check.name, 'snake_case, as Schemathesis names its checks').toMatch(/^[a-z]+(_[a-z0-9]+)+$/);
      // One line: --help prints it after the name.
      expect(check.description, check.name).toMatch(/^\S[^\n]{9,74}$/);
      expect(check.label, check.name).toMatch(/^\S.{0,11}$/);
      expect(['response', 'suite', 'receiver']).toContain(check.runs);
    }
    expect(new Set(registered.map((c) => c.label)).size, 'the summary table needs a column heading per check').toBe(
      registered.length,
    );
  });

  it('derives CheckName, CHECKS, RESPONSE_CHECKS, API_CHECKS and RECEIVER_CHECKS from the registry', () => {
    expectTypeOf<CheckName>().toEqualTypeOf<keyof typeof REGISTRY>();
    expectTypeOf<CheckResult['check']>().toEqualTypeOf<keyof typeof REGISTRY>();
    expect(RESPONSE_CHECKS).toEqual(registered.filter((c) => c.runs === 'response').map((c) => c.name));
    expect(RESPONSE_CHECKS.length).toBeGreaterThan(0);
    expect(RECEIVER_CHECKS).toEqual(registered.filter((c) => c.runs === 'receiver').map((c) => c.name));
    expect(RECEIVER_CHECKS.length).toBeGreaterThan(0);
    // Every check certifies one thing: a server (the API run) or a receiver (klavi-contract webhooks).
    expect([...API_CHECKS, ...RECEIVER_CHECKS].sort()).toEqual([...CHECKS].sort());
    expect(API_CHECKS.filter((c) => (RECEIVER_CHECKS as readonly string[]).includes(c))).toEqual([]);
  });

  it('holds every check the modules of src/checks define, and only those', async () => {
    const defined = await checksInModules();
    const unregistered = defined
      .filter(({ check }) => (REGISTRY as Record<string, unknown>)[check.name] !== check)
      .map(({ module, check }) => `${module}: ${check.name}`);
    expect(unregistered, "a check module's check must be registered in src/checks/registry.ts").toEqual([]);
    expect(defined.map(({ check }) => check.name).sort()).toEqual([...CHECKS].sort());
  });

  it("judges every response with each response check, in the registry's order", () => {
    const body = {
      id: 'p1',
      clientRequestId: 'k1',
      amount: '10.00',
      currency: 'BRL',
      status: 'PAYMENT_PENDING',
      statusUpdateAt: '2026-11-21T12:00:00.000Z',
    };
    const text = JSON.stringify(body);
    const results = checkExchange(loadSpec(), {
      seq: 1,
      caseId: 'test',
      request: { method: 'GET', url: 'http://server.test/payment/customer/v1/instant/payments/p1/status', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: text, bytes: text.length },
      durationMs: 1,
    });
    expect(results.map((r) => [r.check, r.operationId, r.outcome])).toEqual(
      RESPONSE_CHECKS.map((check) => [check, 'getInstantPaymentStatus', 'pass']),
    );
  });

  it('lists every check in --help, with its description', () => {
    for (const check of registered)
      expect(USAGE).toMatch(
        new RegExp(`^  ${check.name}\\s+${check.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      );
  });

  it.each(API_CHECKS)('%s is tripped by a fault of the broken-server double', (check) => {
    const faults = Object.entries(FAULTS)
      .filter(([, tripped]) => tripped === check)
      .map(([fault]) => fault);
    expect(
      faults,
      `add a fault for ${check} to test/support/broken-server.ts, and a case for it in broken-server.test.ts`,
    ).not.toEqual([]);
  });

  it.each(RECEIVER_CHECKS)('%s is tripped by a fault of the broken receivers', (check) => {
    const faults = Object.entries(RECEIVER_FAULTS)
      .filter(([, tripped]) => tripped === check)
      .map(([fault]) => fault);
    expect(faults, `add a fault for ${check} to RECEIVER_FAULTS in test/support/receiver.ts`).not.toEqual([]);
  });

  it('gives each double faults only for the checks of what it stands for', () => {
    expect(Object.values(FAULTS).filter((check) => !API_CHECKS.includes(check))).toEqual([]);
    expect(Object.values(RECEIVER_FAULTS).filter((check) => !RECEIVER_CHECKS.includes(check))).toEqual([]);
  });
});
