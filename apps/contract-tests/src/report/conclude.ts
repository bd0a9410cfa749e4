// How a run ends on the command line, for both commands: the summary table, each failure, the
// totals, the report files, and the exit code. 0 only when the run went to its end, at least one
// check passed and none failed; 1 otherwise, with the reason as the last line.
import type { AnyReport } from './files.js';
import { writeReports } from './files.js';
import { failureDetails, summaryTable, totalsLine } from './text.js';

export interface ConcludeOptions {
  reportDir?: string | undefined;
  /** Lines printed before the totals (the API run's coverage). */
  before?: string[];
  /** What the run's requests are called in the totals line: `requests`, `deliveries`. */
  requests?: string;
  /** The heading of the summary table's rows: `operation`, `event`. */
  rowHeading?: string;
}

export async function conclude(
  report: AnyReport,
  out: { write(text: string): unknown },
  options: ConcludeOptions = {},
): Promise<number> {
  const byId = new Map(report.exchanges.map((e) => [e.seq, e]));
  const failures = failureDetails(report.results, byId);
  out.write(`\n${summaryTable(report.results, options.rowHeading)}\n\n`);
  if (failures) out.write(`${failures}\n`);
  for (const line of options.before ?? []) out.write(`${line}\n`);
  out.write(
    `${totalsLine(report.results, report.durationMs / 1000)} · ${report.exchanges.length} ${options.requests ?? 'requests'}\n`,
  );
  if (options.reportDir) for (const file of await writeReports(options.reportDir, report)) out.write(`wrote ${file}\n`);
  const passed = report.results.some((r) => r.outcome === 'pass' && !r.caseId.startsWith('preflight/'));
  // The reason the run failed is the last line: a stop, or a selection that left nothing to check.
  if (report.stopped) out.write(`run stopped: ${report.stopped}\n`);
  else if (!passed) out.write('nothing was checked: no check passed or failed (see --only and --skip)\n');
  return passed && !report.stopped && !report.results.some((r) => r.outcome === 'fail') ? 0 : 1;
}
