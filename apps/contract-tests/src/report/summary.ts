// The numbers of a run: per operation and check, and the coverage of documented responses.
import { askedStatus } from '../checks/documented.js';
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
  /** Of the exercised pairs, those received only as answers asked for (`Prefer: code=NNN`). */
  exercisedOnRequest: number;
  /** Per operation, the documented statuses never received. */
  missing: Record<string, string[]>;
  /** Every documented pair: how it was received, or why it was not. */
  pairs: PairCoverage[];
}

export interface PairCoverage {
  operationId: string;
  status: string;
  /** `case`: a case's request made the server send it; `request`: asked for with Prefer: code; `none`: not received. */
  exercised: 'case' | 'request' | 'none';
  /** Why it was not received. */
  reason?: string;
}

/** What the coverage says about the pairs a run did not receive. */
export interface CoverageContext {
  /** The answers the server gives on request, as it lists them; undefined when it gives none. */
  answers: ReadonlyMap<string, ReadonlySet<number>> | undefined;
  results: readonly CheckResult[];
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

/** Operation → the documented statuses received whole, and those of them only received as asked for. */
export function exercisedPairs(spec: Spec, exchanges: readonly Exchange[], basePath = ''): Map<string, Set<string>> {
  return receivedPairs(spec, exchanges, basePath).all;
}

function receivedPairs(spec: Spec, exchanges: readonly Exchange[], basePath: string) {
  const all = new Map<string, Set<string>>();
  const byCase = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, operationId: string, status: string) => {
    const statuses = map.get(operationId) ?? new Set();
    statuses.add(status);
    map.set(operationId, statuses);
  };
  for (const exchange of exchanges) {
    // An answer that did not arrive whole exercised nothing.
    if (!exchange.response || exchange.error !== undefined) continue;
    const operation = operationOf(spec, exchange, basePath);
    if (!operation) continue;
    const status = String(exchange.response.status);
    add(all, operation.operationId, status);
    if (askedStatus(exchange.request) === undefined) add(byCase, operation.operationId, status);
  }
  return { all, byCase };
}

/** Why a documented status was not received from a server that gives no answers on request. */
function unreachedWithoutAnswers(status: string): string {
  const how = 'and this server gives no answers on request (Prefer: code=NNN, listed at GET /__sandbox/answers)';
  if (status.startsWith('5')) return `only a failing server or gateway sends it, ${how}`;
  if (status === '429')
    return `only a server over its rate limit sends it, and no case of this run went over it, ${how}`;
  return `no case of this run made the server send it, ${how}`;
}

export function coverage(
  spec: Spec,
  exchanges: readonly Exchange[],
  basePath = '',
  context: CoverageContext = { answers: undefined, results: [] },
): Coverage {
  const { all, byCase } = receivedPairs(spec, exchanges, basePath);
  const asked = new Map(
    context.results.filter((r) => r.check === 'requested_answer').map((r) => [r.caseId, r] as const),
  );
  const result: Coverage = {
    exercised: 0,
    documented: 0,
    exercisedWithout5xx: 0,
    documentedWithout5xx: 0,
    exercisedOnRequest: 0,
    missing: {},
    pairs: [],
  };
  for (const operation of spec.operations) {
    const { operationId } = operation;
    for (const status of Object.keys(operation.responsePointers)) {
      const hit = all.get(operationId)?.has(status) ?? false;
      const serverError = status.startsWith('5');
      result.documented++;
      if (!serverError) result.documentedWithout5xx++;
      if (hit) {
        result.exercised++;
        if (!serverError) result.exercisedWithout5xx++;
        const byItself = byCase.get(operationId)?.has(status) ?? false;
        if (!byItself) result.exercisedOnRequest++;
        result.pairs.push({ operationId, status, exercised: byItself ? 'case' : 'request' });
        continue;
      }
      const missing = result.missing[operationId] ?? [];
      missing.push(status);
      result.missing[operationId] = missing;
      const answersCase = asked.get(`answers/${operationId}/${status}`);
      const reason = answersCase?.message
        ? answersCase.message
        : context.answers === undefined
          ? unreachedWithoutAnswers(status)
          : !/^\d{3}$/.test(status)
            ? 'a status range cannot be asked for'
            : 'not asked for: its case was left out (--only, --skip) or the run stopped before it';
      result.pairs.push({ operationId, status, exercised: 'none', reason });
    }
  }
  return result;
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;

/** The checks that produced any result, in the registry's order. */
export const checksUsed = (results: CheckResult[]): CheckName[] =>
  CHECKS.filter((c) => results.some((r) => r.check === c));
