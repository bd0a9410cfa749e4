// The machine reports: JUnit XML (a test suite per check, a test case per operation, and a
// `coverage` suite with a test case per documented operation × status pair, skipped with the reason
// when it was not reached) for CI test tabs, and a JSON report with every result, the coverage
// (each pair: how it was reached, or why not) and the failing exchanges.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import xmlbuilder from 'xmlbuilder';
import { redactExchange, type Exchange } from '../exchange.js';
import type { CheckResult } from '../results.js';
import { checksUsed, matrix, tally, type Coverage } from './summary.js';
import { describeExchange } from './text.js';

export interface RunReport {
  /** Why the run ended before its suites, if it did. */
  stopped?: string | undefined;
  baseUrl: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
  exchanges: Exchange[];
  coverage: Coverage;
}

export function junitXml(report: RunReport): string {
  const byId = new Map(report.exchanges.map((e) => [e.seq, e]));
  const totals = tally(report.results);
  const unreached = report.coverage.pairs.filter((p) => p.exercised === 'none');
  const root = xmlbuilder.create('testsuites', { encoding: 'UTF-8' }).att({
    name: 'klavi-contract',
    tests: report.results.length + report.coverage.pairs.length,
    failures: totals.fail,
    skipped: totals.skip + unreached.length,
    time: (report.durationMs / 1000).toFixed(3),
  });
  const table = matrix(report.results);
  for (const check of checksUsed(report.results)) {
    const results = report.results.filter((r) => r.check === check);
    const t = tally(results);
    const suite = root.ele('testsuite', { name: check, tests: results.length, failures: t.fail, skipped: t.skip });
    for (const [operationId, row] of table) {
      const cell = row.get(check);
      if (!cell) continue;
      const testcase = suite.ele('testcase', {
        classname: check,
        name: operationId,
        assertions: cell.pass + cell.fail,
      });
      const failures = results.filter((r) => r.operationId === operationId && r.outcome === 'fail');
      if (failures.length > 0) {
        const text = failures
          .map((f) =>
            [
              `case: ${f.caseId}`,
              f.message ?? '',
              ...(f.exchange && byId.get(f.exchange) ? describeExchange(byId.get(f.exchange)!) : []),
            ].join('\n'),
          )
          .join('\n\n');
        testcase.ele(
          'failure',
          { message: `${failures.length} of ${cell.pass + cell.fail} failed: ${failures[0]!.message}` },
          text,
        );
      } else if (cell.pass === 0) {
        testcase.ele('skipped', {
          message: results.find((r) => r.operationId === operationId && r.outcome === 'skip')?.message ?? '',
        });
      }
    }
  }
  // Not reaching a pair is no failure (a real server cannot be made to send a 503): it is skipped, with why.
  const coverage = root.ele('testsuite', {
    name: 'coverage',
    tests: report.coverage.pairs.length,
    failures: 0,
    skipped: unreached.length,
  });
  for (const pair of report.coverage.pairs) {
    const testcase = coverage.ele('testcase', { classname: `coverage.${pair.operationId}`, name: pair.status });
    if (pair.exercised === 'none') testcase.ele('skipped', { message: pair.reason ?? '' });
    else
      testcase.ele(
        'system-out',
        {},
        pair.exercised === 'request' ? 'asked for with Prefer: code' : 'reached by a case',
      );
  }
  return root.end({ pretty: true });
}

export function jsonReport(report: RunReport): object {
  const failing = new Set(report.results.filter((r) => r.outcome === 'fail' && r.exchange).map((r) => r.exchange!));
  return {
    tool: 'klavi-contract',
    baseUrl: report.baseUrl,
    ...(report.stopped ? { stopped: report.stopped } : {}),
    seed: report.seed,
    startedAt: report.startedAt,
    durationMs: Math.round(report.durationMs),
    totals: tally(report.results),
    requests: report.exchanges.length,
    coverage: report.coverage,
    results: report.results,
    // Only the exchanges a failure points at: a full log of a run is thousands of requests.
    exchanges: report.exchanges.filter((e) => failing.has(e.seq)).map(redactExchange),
  };
}

export async function writeReports(dir: string, report: RunReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const junit = join(dir, 'junit.xml');
  const json = join(dir, 'report.json');
  await writeFile(junit, junitXml(report));
  await writeFile(json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
  return [junit, json];
}
