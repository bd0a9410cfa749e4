import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../src/machine.js';
import { renderTable } from '../src/markdown.js';
import { mergeResults, readResults, renderResults, writeResults } from '../src/results.js';
import type { SuiteReport } from '../src/suite.js';
import { BENCH_DIR } from '../src/workspace.js';

const machine: Machine = { cores: 2, cpu: 'Test CPU', memoryGiB: 24, node: 'v20.20.2', os: 'Linux', commit: 'abc1234' };

function report(id: string, measuredAt: string, figure: string): SuiteReport {
  return {
    id,
    title: id[0]!.toUpperCase() + id.slice(1),
    method: [`how ${id} was measured`],
    tables: [
      {
        headers: ['Contender', 'Time'],
        align: ['l', 'r'],
        rows: [
          ['ours', figure],
          ['theirs', '2 ms'],
        ],
      },
    ],
    samples: { figure },
    runs: 3,
    measuredAt,
    machine,
  };
}

describe('renderTable', () => {
  it('writes a markdown table, right-aligning figures and escaping pipes', () => {
    const text = renderTable({
      caption: 'Sizes',
      headers: ['Name', 'Size'],
      align: ['l', 'r'],
      rows: [['a|b', '1 KiB']],
      notes: ['a note'],
    });
    expect(text).toBe(
      ['**Sizes**', '', '| Name | Size |', '|---|---:|', '| a\\|b | 1 KiB |', '', '- a note'].join('\n'),
    );
  });

  it('refuses a row whose width differs from the header', () => {
    expect(() => renderTable({ headers: ['a', 'b'], rows: [['1']] })).toThrow(/1 cells, the table 2 columns/);
  });
});

describe('results', () => {
  it('keeps the suites a run did not measure, and orders suites as the bench does', () => {
    const previous = {
      suites: [report('client', '2026-11-01T10:00:00Z', '1 ms'), report('codegen', '2026-11-01T10:00:00Z', '5 ms')],
    };
    const merged = mergeResults(
      previous,
      [report('client', '2026-11-21T10:00:00Z', '0.9 ms')],
      ['pipeline', 'codegen', 'client'],
    );
    expect(merged.suites.map((s) => [s.id, s.measuredAt])).toEqual([
      ['codegen', '2026-11-01T10:00:00Z'],
      ['client', '2026-11-21T10:00:00Z'],
    ]);
  });

  it('states the machine, the rounds, the method and how to reproduce each suite', () => {
    const text = renderResults({ suites: [report('client', '2026-11-21T10:00:00Z', '0.9 ms')] });
    expect(text).toContain(
      'Measured 2026-11-21 10:00 UTC on 2 cores (Test CPU), 24 GiB, Node v20.20.2, Linux; 3 rounds; commit abc1234',
    );
    expect(text).toContain('`pnpm bench --suite client`');
    expect(text).toContain('- how client was measured');
    expect(text).toContain('| ours | 0.9 ms |');
    expect(text).toContain('| [Client](#client) | ours, theirs | 2026-11-21 10:00 | 3 |');
  });

  it('round-trips through results.json, and reads a missing or broken file as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const results = { suites: [report('codegen', '2026-11-21T10:00:00Z', '5 ms')] };
    writeResults(join(dir, 'RESULTS.md'), join(dir, 'results.json'), results);
    expect(readResults(join(dir, 'results.json'))).toEqual(results);
    expect(readFileSync(join(dir, 'RESULTS.md'), 'utf8')).toBe(`${renderResults(results).trimEnd()}\n`);
    expect(readResults(join(dir, 'missing.json'))).toEqual({ suites: [] });
    expect(readResults(join(dir, 'RESULTS.md'))).toEqual({ suites: [] });
  });

  it('the committed RESULTS.md is what results.json renders to: nobody edited the figures by hand', () => {
    const committed = readResults(join(BENCH_DIR, 'results.json'));
    expect(committed.suites.length).toBeGreaterThan(0);
    expect(readFileSync(join(BENCH_DIR, 'RESULTS.md'), 'utf8')).toBe(`${renderResults(committed).trimEnd()}\n`);
  });
});
