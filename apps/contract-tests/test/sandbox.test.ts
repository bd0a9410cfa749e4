// The whole suite against our simulator: every check passes, every operation is exercised, and
// the reports say so.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_CHECKS, runContract, writeReports, type RunReport } from '../src/index.js';
import { loadSpec } from '../src/spec.js';
import { summaryTable } from '../src/report/text.js';

let report: RunReport;
const spec = loadSpec();

beforeAll(async () => {
  report = await runContract({ seed: 11 });
}, 120_000);

describe('a full run against the sandbox simulator', () => {
  it('passes every check', () => {
    const failures = report.results
      .filter((r) => r.outcome === 'fail')
      .map((r) => `${r.operationId} ${r.check} ${r.caseId}: ${r.message}`);
    expect(failures).toEqual([]);
    expect(report.results.filter((r) => r.outcome === 'skip').map((r) => `${r.caseId}: ${r.message}`)).toEqual([]);
  });

  it('runs every check, and the response checks on every operation', () => {
    const used = new Set(report.results.map((r) => r.check));
    expect([...API_CHECKS].filter((c) => !used.has(c))).toEqual([]);
    for (const operation of spec.operations) {
      const takesInput = operation.parameters.length > 0 || operation.bodyPointer !== null;
      for (const check of [
        'response_schema_conformance',
        'positive_data_acceptance',
        ...(takesInput ? (['negative_data_rejection'] as const) : []),
        'ignored_auth',
        'unsupported_method',
      ] as const) {
        expect(
          report.results.some(
            (r) => r.operationId === operation.operationId && r.check === check && r.outcome === 'pass',
          ),
          `${operation.operationId} ${check}`,
        ).toBe(true);
      }
    }
  });

  it('covers every documented operation × status pair: the cases reach what they can, the rest is asked for', () => {
    const documented = spec.operations.flatMap((o) =>
      Object.keys(o.responsePointers).map((s) => `${o.operationId} ${s}`),
    );
    expect(report.coverage.documented).toBe(documented.length);
    expect(report.coverage.exercised).toBe(documented.length);
    expect(report.coverage.missing).toEqual({});
    expect(report.coverage.pairs.map((p) => `${p.operationId} ${p.status}`)).toEqual(documented);
    expect(report.coverage.pairs.filter((p) => p.exercised === 'none')).toEqual([]);
    // What a case reaches is never asked for: every 2xx, 401, 404 and 409 came from a case.
    const asked = report.coverage.pairs
      .filter((p) => p.exercised === 'request')
      .map((p) => `${p.operationId} ${p.status}`);
    expect(asked.filter((a) => /\s(2\d\d|401|404|409)$/.test(a))).toEqual([]);
    // Every 5xx can only have been asked for, and each answer asked for was checked like any other.
    expect(asked.filter((a) => /\s5\d\d$/.test(a))).toHaveLength(spec.operations.length * 4);
    // Counted from the exchanges, and from the results of the suite that asked: the two agree.
    const requested = report.results.filter((r) => r.check === 'requested_answer');
    expect(report.coverage.exercisedOnRequest).toBe(requested.length);
    expect(requested).toHaveLength(asked.length);
    for (const r of requested) expect(r.outcome).toBe('pass');
  });

  it('breaks every kind of rule in the negative suite', () => {
    const cases = report.results.filter((r) => r.check === 'negative_data_rejection').map((r) => r.caseId);
    for (const rule of [
      'required',
      'pattern',
      'minLength',
      'maxLength',
      'enum',
      'type',
      'format',
      'unknown field',
      'not allowed',
      'if/then',
      'if/else',
      'minimum',
      'maximum',
    ]) {
      expect(
        cases.some((id) => id.endsWith(`/${rule}`)),
        rule,
      ).toBe(true);
    }
    // Parameters too: a broken path id and a broken query value.
    expect(cases).toContain('negative/getInstantPayment/path.id/pattern');
    expect(cases).toContain('negative/listOrders/query.pageSize/maximum');
  });

  it('writes a JUnit report and a JSON report that agree with the results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klavi-contract-'));
    await writeReports(dir, report);
    const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
    const pairs = report.coverage.pairs.length;
    expect(xml).toMatch(
      new RegExp(`<testsuites name="klavi-contract" tests="${report.results.length + pairs}" failures="0" skipped="0"`),
    );
    // One per check, and the coverage: a test case per documented pair.
    expect(xml.match(/<testsuite /g)).toHaveLength(API_CHECKS.length + 1);
    expect(xml).toContain(`<testsuite name="coverage" tests="${pairs}" failures="0" skipped="0">`);
    expect(xml).toContain('<testcase classname="coverage.getInstantPayment" name="503">');
    expect(xml).not.toContain('<failure');
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(json.totals).toEqual({ pass: report.results.length, fail: 0, skip: 0 });
    expect(json.seed).toBe(11);
    expect(json.coverage.documented).toBe(report.coverage.documented);
    expect(json.coverage.pairs).toContainEqual({ operationId: 'listOrders', status: '502', exercised: 'request' });
  });

  it('prints one row per operation in the summary table', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ESC-started colour escapes from the table
    const table = summaryTable(report.results).replace(/\x1b\[[0-9;]*m/g, '');
    for (const operation of spec.operations) expect(table).toMatch(new RegExp(`^${operation.operationId}\\s`, 'm'));
  });

  it('never puts a secret in a report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klavi-contract-'));
    await writeReports(dir, {
      ...report,
      results: [
        ...report.results,
        {
          check: 'stateful_flow',
          operationId: 'createCustomerAccessToken',
          outcome: 'fail',
          caseId: 'x',
          message: 'm',
          exchange: 1,
        },
      ],
    });
    const text = (await readFile(join(dir, 'junit.xml'), 'utf8')) + (await readFile(join(dir, 'report.json'), 'utf8'));
    expect(text).not.toContain('sandbox-customer-secret');
    expect(text).not.toMatch(/"accessToken":"ey/);
  });
});
