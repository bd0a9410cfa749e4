// The state machines in the status enums (x-transitions, DECISIONS.md D-47) are consistent: every
// status they name exists, terminal statuses have no way out, the others have one, and every
// status can be reached from an initial one.
import { describe, expect, it } from 'vitest';
import { bundle, type JsonObject } from './support/spec.js';

const schemas = (bundle.components as JsonObject).schemas as JsonObject;
const machines = Object.entries(schemas).filter(([, schema]) => (schema as JsonObject)['x-transitions']);

describe.each(machines.map(([name, schema]) => [name, schema as JsonObject]))('%s x-transitions', (_, schema) => {
  const values = schema.enum as string[];
  const terminal = schema['x-terminal-values'] as string[];
  const transitions = schema['x-transitions'] as Record<string, string[]>;

  it('name only statuses of the enum', () => {
    const named = [...Object.keys(transitions), ...Object.values(transitions).flat()];
    expect(named.filter((status) => !values.includes(status))).toEqual([]);
  });

  it('give every non-terminal status a way forward, and terminal statuses none', () => {
    expect(Object.keys(transitions).filter((status) => terminal.includes(status))).toEqual([]);
    expect(values.filter((status) => !terminal.includes(status) && !transitions[status]?.length)).toEqual([]);
  });

  it('reach every status from the statuses nothing leads to', () => {
    const targets = new Set(Object.values(transitions).flat());
    const initial = values.filter((status) => !targets.has(status));
    expect(initial.length).toBeGreaterThan(0);
    const reached = new Set(initial);
    for (let changed = true; changed; ) {
      changed = false;
      for (const status of [...reached])
        for (const next of transitions[status] ?? [])
          if (!reached.has(next)) {
            reached.add(next);
            changed = true;
          }
    }
    expect(values.filter((status) => !reached.has(status))).toEqual([]);
  });

  it('have no moves back to an earlier status (the machines are acyclic)', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycle = (status: string): boolean => {
      if (done.has(status)) return false;
      if (visiting.has(status)) return true;
      visiting.add(status);
      const found = (transitions[status] ?? []).some(cycle);
      visiting.delete(status);
      done.add(status);
      return found;
    };
    expect(values.filter(cycle)).toEqual([]);
  });
});

it('covers the three status enums', () => {
  expect(machines.map(([name]) => name).sort()).toEqual([
    'AutomaticConsentStatus',
    'AutomaticPaymentStatus',
    'InstantPaymentStatus',
  ]);
});
