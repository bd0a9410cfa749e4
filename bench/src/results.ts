// bench/RESULTS.md and bench/results.json. A run of some suites keeps the others' last results,
// each section saying when and where it was measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describeMachineLine } from './machine.js';
import { renderTable } from './markdown.js';
import { rounds } from './stats.js';
import type { SuiteReport } from './suite.js';

export interface ResultsFile {
  suites: SuiteReport[];
}

export function readResults(path: string): ResultsFile {
  if (!existsSync(path)) return { suites: [] };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;
    return Array.isArray(parsed.suites) ? parsed : { suites: [] };
  } catch {
    return { suites: [] };
  }
}

/** The new reports replace earlier ones of the same suite; the order follows `order`. */
export function mergeResults(previous: ResultsFile, reports: SuiteReport[], order: string[]): ResultsFile {
  const byId = new Map(previous.suites.map((s) => [s.id, s]));
  for (const report of reports) byId.set(report.id, report);
  return { suites: order.filter((id) => byId.has(id)).map((id) => byId.get(id)!) };
}

export function renderSection(report: SuiteReport): string {
  return [
    `## ${report.title}`,
    '',
    `Measured ${report.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${describeMachineLine(report.machine)}; ${rounds(report.runs)}; commit ${report.machine.commit}. Reproduce: \`pnpm bench --suite ${report.id}\`.`,
    '',
    '**How**',
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
    ...report.tables.flatMap((table) => [renderTable(table), '']),
  ].join('\n');
}

export function renderResults(results: ResultsFile): string {
  return [
    '# Benchmarks',
    '',
    '<!-- Written by `pnpm bench` (bench/src/results.ts); do not edit by hand. -->',
    '',
    'Our toolkit measured side by side with what a user would pick instead, on the same machine in the same run. Times are medians over several rounds. Ratios compare contenders measured in the same round, one right after the other, and are the median of the per-round ratios: absolute times on a shared machine drift, ratios much less. Absolute times are there for scale.',
    '',
    '| Suite | Compares | Measured (UTC) | Rounds |',
    '|---|---|---|---:|',
    ...results.suites.map(
      (s) =>
        `| [${s.title}](#${s.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}) | ${s.tables[0]?.rows.map((r) => r[0]).join(', ') ?? ''} | ${s.measuredAt.slice(0, 16).replace('T', ' ')} | ${s.runs} |`,
    ),
    '',
    'Raw samples of every round are in `results.json`. Run `pnpm bench` for all suites, `pnpm bench --suite client --runs 9` for one, and `pnpm bench --help` for the options.',
    '',
    ...results.suites.map(renderSection),
  ].join('\n');
}

export function writeResults(markdownPath: string, jsonPath: string, results: ResultsFile): void {
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdownPath, `${renderResults(results).trimEnd()}\n`);
}
