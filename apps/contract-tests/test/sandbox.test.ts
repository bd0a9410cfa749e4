// The whole suite against our simulator: every check passes, every operation is exercised, and
// the reports say so.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, runContract, writeReports, type RunReport } from '../src/index.js';
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
    expect([...CHECKS].filter((c) => !used.has(c))).toEqual([]);
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

  it('covers every 2xx, 400, 401, 404 and 409 the spec documents, and reports the rest as missing', () => {
    const missing = Object.entries(report.coverage.missing).flatMap(([op, statuses]) =>
      statuses.map((s) => `${op} ${s}`),
    );
    // An operation with no input at all cannot be sent a bad one.
    const inputless = spec.operations
      .filter((o) => o.parameters.length === 0 && !o.bodyPointer)
      .map((o) => `${o.operationId} 400`);
    expect(missing.filter((m) => /\s(2\d\d|400|401|404|409)$/.test(m) && !inputless.includes(m))).toEqual([]);
    expect(report.coverage.exercised + missing.length).toBe(report.coverage.documented);
    expect(report.coverage.exercisedWithout5xx / report.coverage.documentedWithout5xx).toBeGreaterThan(0.65);
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
    expect(xml).toMatch(new RegExp(`<testsuites name="klavi-contract" tests="${report.results.length}" failures="0"`));
    expect(xml.match(/<testsuite /g)).toHaveLength(CHECKS.length);
    expect(xml).not.toContain('<failure');
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(json.totals).toEqual({ pass: report.results.length, fail: 0, skip: 0 });
    expect(json.seed).toBe(11);
    expect(json.coverage.documented).toBe(report.coverage.documented);
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
