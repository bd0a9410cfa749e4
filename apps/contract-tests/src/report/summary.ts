// The numbers of a run: per operation and check, and the coverage of documented responses.
import { CHECKS, type CheckName } from '../checks/registry.js';
import { operationOf } from '../checks/response.js';
import type { Exchange } from '../exchange.js';
import type { CheckResult } from '../results.js';
import type { Spec } from '../spec.js';

export interface Tally {
  pass: number;
  fail: number;
  skip: number;
}

export interface Coverage {
  /** Documented operation × status pairs the run received at least once. */
  exercised: number;
  documented: number;
  /** The same, leaving out 5xx: a healthy server cannot be made to send them. */
  exercisedWithout5xx: number;
  documentedWithout5xx: number;
  /** Per operation, the documented statuses never received. */
  missing: Record<string, string[]>;
}

export function tally(results: CheckResult[]): Tally {
  const t: Tally = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) t[r.outcome]++;
  return t;
}

/** Operation → check → tally. */
export function matrix(results: CheckResult[]): Map<string, Map<CheckName, Tally>> {
  const table = new Map<string, Map<CheckName, Tally>>();
  for (const r of results) {
    let row = table.get(r.operationId);
    if (!row) {
      row = new Map();
      table.set(r.operationId, row);
    }
    let cell = row.get(r.check);
    if (!cell) {
      cell = { pass: 0, fail: 0, skip: 0 };
      row.set(r.check, cell);
    }
    cell[r.outcome]++;
  }
  return table;
}

export function coverage(spec: Spec, exchanges: Exchange[], basePath = ''): Coverage {
  const seen = new Map<string, Set<string>>();
  for (const exchange of exchanges) {
    // An answer that did not arrive whole exercised nothing.
    if (!exchange.response || exchange.error !== undefined) continue;
    const operation = operationOf(spec, exchange, basePath);
    if (!operation) continue;
    const statuses = seen.get(operation.operationId) ?? new Set();
    statuses.add(String(exchange.response.status));
    seen.set(operation.operationId, statuses);
  }
  const result: Coverage = {
    exercised: 0,
    documented: 0,
    exercisedWithout5xx: 0,
    documentedWithout5xx: 0,
    missing: {},
  };
  for (const operation of spec.operations) {
    for (const status of Object.keys(operation.responsePointers)) {
      const hit = seen.get(operation.operationId)?.has(status) ?? false;
      const serverError = status.startsWith('5');
      result.documented++;
      if (!serverError) result.documentedWithout5xx++;
      if (hit) {
        result.exercised++;
        if (!serverError) result.exercisedWithout5xx++;
      } else {
        const missing = result.missing[operation.operationId] ?? [];
        missing.push(status);
        result.missing[operation.operationId] = missing;
      }
    }
  }
  return result;
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;

/** The checks that produced any result, in the registry's order. */
export const checksUsed = (results: CheckResult[]): CheckName[] =>
  CHECKS.filter((c) => results.some((r) => r.check === c));
