// The human report: a table of operations × checks, the coverage line, and each failure with the
// request that caused it and what differed.
import pc from 'picocolors';
import { REGISTRY } from '../checks/registry.js';
import { redactExchange, type Exchange } from '../exchange.js';
import type { CheckResult } from '../results.js';
import { checksUsed, matrix, percent, tally, type Coverage, type Tally } from './summary.js';

function cell(t: Tally | undefined): string {
  if (!t) return '·';
  if (t.fail > 0) return pc.red(`✗ ${t.fail}/${t.pass + t.fail}`);
  if (t.pass > 0) return pc.green(`✓ ${t.pass}`);
  return pc.yellow(`skip ${t.skip}`);
}

// picocolors' escapes take no room on screen.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matches the ESC that starts each colour escape, to strip it
const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - visible(s)));

/** Rows × checks; a row is an operation (`event` for the webhooks run, whose rows are event names). */
export function summaryTable(results: CheckResult[], rowHeading = 'operation'): string {
  const checks = checksUsed(results);
  const table = matrix(results);
  const rows = [...table.keys()].sort((a, b) => (a === '-' ? 1 : b === '-' ? -1 : a.localeCompare(b)));
  const header = [rowHeading, ...checks.map((c) => REGISTRY[c].label)];
  const body = rows.map((op) => [
    op === '-' ? '(no operation)' : op,
    ...checks.map((c) => cell(table.get(op)?.get(c))),
  ]);
  const widths = header.map((h, i) => Math.max(visible(h), ...body.map((r) => visible(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ');
  return [pc.bold(line(header)), ...body.map(line)].join('\n');
}

export function coverageLine(c: Coverage): string {
  const onRequest = c.exercisedOnRequest > 0 ? `, ${c.exercisedOnRequest} of them asked for (Prefer: code)` : '';
  return `Coverage: ${c.exercised} of ${c.documented} documented operation × status pairs exercised (${percent(c.exercised, c.documented)})${onRequest}; ${c.exercisedWithout5xx} of ${c.documentedWithout5xx} without 5xx (${percent(c.exercisedWithout5xx, c.documentedWithout5xx)})`;
}

/** The pairs a run did not reach, grouped by why: one line per reason, its pairs after it. */
export function unreachedLines(c: Coverage, limit = 12): string[] {
  const byReason = new Map<string, string[]>();
  for (const pair of c.pairs) {
    if (pair.exercised !== 'none') continue;
    const pairs = byReason.get(pair.reason ?? '') ?? [];
    pairs.push(`${pair.operationId} ${pair.status}`);
    byReason.set(pair.reason ?? '', pairs);
  }
  const lines: string[] = [];
  for (const [reason, pairs] of byReason) {
    const shown =
      pairs.length > limit ? `${pairs.slice(0, limit).join(', ')} and ${pairs.length - limit} more` : pairs.join(', ');
    lines.push(`  not reached (${pairs.length}): ${reason}`, `    ${shown}`);
  }
  return lines;
}

export function totalsLine(results: CheckResult[], seconds: number): string {
  const t = tally(results);
  const parts = [
    pc.green(`${t.pass} passed`),
    t.fail > 0 ? pc.red(`${t.fail} failed`) : `${t.fail} failed`,
    pc.yellow(`${t.skip} skipped`),
  ];
  return `Checks: ${parts.join(', ')} in ${seconds.toFixed(1)} s`;
}

/** Failures grouped by operation, check and message, each with the first request that showed it. */
export function failureDetails(results: CheckResult[], exchanges: Map<number, Exchange>, limit = 50): string {
  const groups = new Map<string, { result: CheckResult; count: number }>();
  for (const r of results) {
    if (r.outcome !== 'fail') continue;
    const key = `${r.operationId}\u0000${r.check}\u0000${r.message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { result: r, count: 1 });
  }
  const lines: string[] = [];
  for (const { result, count } of [...groups.values()].slice(0, limit)) {
    lines.push(
      pc.red(`✗ ${result.operationId} · ${result.check}${count > 1 ? ` (×${count})` : ''}`),
      `  case: ${result.caseId}`,
      `  ${result.message}`,
    );
    const exchange = result.exchange ? exchanges.get(result.exchange) : undefined;
    if (exchange) lines.push(...describeExchange(exchange).map((l) => `  ${l}`));
    lines.push('');
  }
  if (groups.size > limit) lines.push(`… and ${groups.size - limit} more kinds of failure: see the JSON report.`);
  return lines.join('\n');
}

export function describeExchange(exchange: Exchange): string[] {
  const safe = redactExchange(exchange);
  const clip = (s: string) => (s.length > 600 ? `${s.slice(0, 600)}…` : s);
  const lines = [`request:  ${safe.request.method} ${safe.request.url}`];
  if (safe.request.body) lines.push(`          ${clip(safe.request.body)}`);
  if (safe.response) {
    const size = safe.response.bytes > 600 ? ` (${safe.response.bytes} bytes)` : '';
    lines.push(
      `response: ${safe.response.status} ${safe.response.headers['content-type'] ?? ''}${size}${safe.error ? ` — incomplete: ${safe.error}` : ''}`,
    );
    if (safe.response.body) lines.push(`          ${clip(safe.response.body)}`);
  } else lines.push(`response: none (${safe.error})`);
  return lines;
}
