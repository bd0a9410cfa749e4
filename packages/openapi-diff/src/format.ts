// The four output formats: text for a terminal, markdown for a PR comment or job summary, json for
// tools, and GitHub Actions workflow commands, which annotate the changed line of the spec.
import type { SourceMap } from '@klavi-pay/openapi-runtime';
import type { LoadedSpec } from './document.js';
import { RULES, type Bump, type Finding } from './findings.js';

export type Format = 'text' | 'markdown' | 'json' | 'github-actions';
export const FORMATS: Format[] = ['text', 'markdown', 'json', 'github-actions'];

export interface Result {
  base: LoadedSpec;
  head: LoadedSpec;
  findings: Finding[];
  verdict: Bump;
  /**
   * The head's multi-file source, when the head is a bundle of it: findings are then placed on the
   * source line an author edited. A removal lands where the removed thing was, its nearest
   * ancestor that the head still has.
   */
  source?: SourceMap;
}

/** Where a finding should be shown: the source file and line when known, else the document's. */
function place(r: Result, f: Finding): { file?: string; line?: number } {
  const mapped = r.source?.locate(f.pointer);
  if (mapped) return { file: mapped.file, line: mapped.line };
  const spec = f.side === 'head' ? r.head : r.base;
  const line = spec.lineOf(f.pointer);
  return { ...(spec.file ? { file: spec.file } : {}), ...(line ? { line } : {}) };
}

const counts = (findings: Finding[]) => ({
  error: findings.filter((f) => f.severity === 'error').length,
  warning: findings.filter((f) => f.severity === 'warning').length,
  info: findings.filter((f) => f.severity === 'info').length,
});

const summary = (r: Result) => {
  const c = counts(r.findings);
  return `${c.error} breaking, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info: ${r.verdict === 'none' ? 'no change' : `a ${r.verdict} change`}`;
};

function location(r: Result, f: Finding): string {
  const at = place(r, f);
  if (r.source && at.file) return `${at.file}${at.line ? `:${at.line}` : ''}`;
  const spec = f.side === 'head' ? r.head : r.base;
  return `${spec.source}${at.line ? `:${at.line}` : ''}`;
}

const operationsOf = (f: Finding) =>
  f.operations.length === 0
    ? ''
    : f.operations.length <= 3
      ? f.operations.join(', ')
      : `${f.operations.slice(0, 3).join(', ')} and ${f.operations.length - 3} more`;

export function formatText(r: Result): string {
  const lines = r.findings.map((f) => {
    const ops = operationsOf(f);
    return `${f.severity.toUpperCase().padEnd(7)} ${f.rule}: ${f.message}${ops && !f.message.startsWith(f.operations[0] ?? '\u0000') ? ` [${ops}]` : ''}\n        at ${f.pointer} (${location(r, f)})`;
  });
  return [...lines, `${r.base.source} → ${r.head.source}: ${summary(r)}`].join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatMarkdown(r: Result): string {
  const icon = { error: '🔴', warning: '🟠', info: '🔵' } as const;
  const lines = [
    `### OpenAPI changes: ${r.verdict === 'major' ? '**breaking** (major)' : r.verdict === 'none' ? 'none' : r.verdict}`,
    '',
    summary(r),
    '',
  ];
  if (r.findings.length > 0) {
    lines.push('| | Rule | Change | Operations | Where |', '|---|---|---|---|---|');
    for (const f of r.findings)
      lines.push(
        `| ${icon[f.severity]} ${f.severity} | \`${f.rule}\` | ${cell(f.message)} | ${cell(operationsOf(f))} | \`${cell(f.pointer)}\` (${f.side}) |`,
      );
  }
  return lines.join('\n');
}

export function formatJson(r: Result): string {
  return JSON.stringify(
    { base: r.base.source, head: r.head.source, verdict: r.verdict, counts: counts(r.findings), findings: r.findings },
    null,
    2,
  );
}

// Workflow command escaping, as @actions/core does it.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithubActions(r: Result): string {
  const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
  const lines = r.findings.map((f) => {
    const props = [`title=${escapeProperty(`klavi-openapi-diff ${f.rule}`)}`];
    // Only a file of the working tree can carry an annotation: without a source map, a removal
    // points into the base revision, which is not one.
    const at = r.source || f.side === 'head' ? place(r, f) : {};
    if (at.file) {
      props.unshift(`file=${escapeProperty(at.file)}`);
      if (at.line) props.splice(1, 0, `line=${at.line}`);
    }
    const ops = operationsOf(f);
    return `::${command[f.severity]} ${props.join(',')}::${escapeData(`${f.message}${ops ? ` [${ops}]` : ''} (${f.pointer}). ${RULES[f.rule].about}`)}`;
  });
  return [...lines, summary(r)].join('\n');
}

export function format(r: Result, as: Format): string {
  switch (as) {
    case 'markdown':
      return formatMarkdown(r);
    case 'json':
      return formatJson(r);
    case 'github-actions':
      return formatGithubActions(r);
    default:
      return formatText(r);
  }
}
