// The machine reports: JUnit XML (a test suite per check, a test case per operation, and, for the
// API run, a `coverage` suite with a test case per documented operation × status pair, skipped
// with the reason when it was not reached) for CI test tabs, and a JSON report with every result,
// the coverage (each pair: how it was reached, or why not) and the failing exchanges. The webhooks
// run writes the same reports without the coverage: its rows are event names, not operations.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import xmlbuilder from 'xmlbuilder';
import { redactExchange, type Exchange } from '../exchange.js';
import type { CheckResult } from '../results.js';
import { checksUsed, matrix, tally, type Coverage } from './summary.js';
import { describeExchange } from './text.js';

/** What every run records. */
export interface RunRecord {
  /** Why the run ended before its suites, if it did. */
  stopped?: string | undefined;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
  exchanges: Exchange[];
}

/** An API run: a Klavi Pay server certified against the spec. */
export interface RunReport extends RunRecord {
  baseUrl: string;
  seed: number;
  coverage: Coverage;
}

/** A webhooks run (`klavi-contract webhooks`): a merchant's webhook receiver certified. */
export interface WebhookReport extends RunRecord {
  receiver: string;
  /** The event names of the spec, each the row of its results. */
  events: string[];
}

export type AnyReport = RunReport | WebhookReport;

export function junitXml(report: AnyReport): string {
  const byId = new Map(report.exchanges.map((e) => [e.seq, e]));
  const totals = tally(report.results);
  const pairs = 'coverage' in report ? report.coverage.pairs : [];
  const unreached = pairs.filter((p) => p.exercised === 'none');
  const root = xmlbuilder.create('testsuites', { encoding: 'UTF-8' }).att({
    name: 'coverage' in report ? 'klavi-contract' : 'klavi-contract webhooks',
    tests: report.results.length + pairs.length,
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
  if (!('coverage' in report)) return root.end({ pretty: true });
  // Not reaching a pair is no failure (a real server cannot be made to send a 503): it is skipped, with why.
  const coverage = root.ele('testsuite', {
    name: 'coverage',
    tests: pairs.length,
    failures: 0,
    skipped: unreached.length,
  });
  for (const pair of pairs) {
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

export function jsonReport(report: AnyReport): object {
  const failing = new Set(report.results.filter((r) => r.outcome === 'fail' && r.exchange).map((r) => r.exchange!));
  const run =
    'coverage' in report
      ? { baseUrl: report.baseUrl, ...(report.stopped ? { stopped: report.stopped } : {}), seed: report.seed }
      : {
          command: 'webhooks',
          receiver: report.receiver,
          ...(report.stopped ? { stopped: report.stopped } : {}),
          events: report.events,
        };
  return {
    tool: 'klavi-contract',
    ...run,
    startedAt: report.startedAt,
    durationMs: Math.round(report.durationMs),
    totals: tally(report.results),
    requests: report.exchanges.length,
    ...('coverage' in report ? { coverage: report.coverage } : {}),
    results: report.results,
    // Only the exchanges a failure points at: a full log of a run is thousands of requests.
    exchanges: report.exchanges.filter((e) => failing.has(e.seq)).map(redactExchange),
  };
}

export async function writeReports(dir: string, report: AnyReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const junit = join(dir, 'junit.xml');
  const json = join(dir, 'report.json');
  await writeFile(junit, junitXml(report));
  await writeFile(json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
  return [junit, json];
}
