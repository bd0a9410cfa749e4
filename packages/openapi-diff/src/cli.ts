// klavi-openapi-diff base head: reports the changes from base to head that break existing clients.
// Exit 0 when nothing at or above --fail-on was found, 1 when something was, 2 for a usage error.
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { existsSync } from 'node:fs';
import { createSourceMap, SpecModelError } from '@klavi-pay/openapi-runtime';
import { loadSpec, type LoadedSpec } from './document.js';
import { diffSpecs } from './diff.js';
import { verdict, type Finding, type Severity } from './findings.js';
import { format, FORMATS, type Format } from './format.js';

export const USAGE = `Usage: klavi-openapi-diff [options] <base> <head>

Compares two OpenAPI 3.1 documents (YAML or JSON) and reports what breaks existing clients.
<base> and <head> are files, or REV:path for a file in git (e.g. origin/main:spec/dist/openapi.yaml).

Options:
  --format text|markdown|json|github-actions   output format (default text)
  --fail-on error|warning|never                exit 1 when a finding is this severe (default error)
  --today YYYY-MM-DD                           the date x-sunset dates are judged against (default today)
  --verdict                                    print only the semver bump: major, minor, patch or none
  --head-source FILE                           the multi-file source <head> was bundled from (its entry,
                                               e.g. spec/openapi.yaml): findings then name its files and lines
  -h, --help                                   this text`;

const parseFlags = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      today: { type: 'string' },
      verdict: { type: 'boolean', default: false },
      'head-source': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    err(`klavi-openapi-diff: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length !== 2)
    problems.push(
      `expected <base> and <head>, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`,
    );
  if (!FORMATS.includes(values.format as Format))
    problems.push(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  if (!['error', 'warning', 'never'].includes(values['fail-on']!))
    problems.push(`--fail-on must be error, warning or never, got "${values['fail-on']}"`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    problems.push(`--today must be YYYY-MM-DD, got "${values.today}"`);
  if (values['head-source'] !== undefined && !existsSync(values['head-source']))
    problems.push(`--head-source ${values['head-source']}: no such file`);
  if (problems.length > 0) {
    err(`klavi-openapi-diff: ${problems.join('; ')}\n\n${USAGE}\n`);
    return 2;
  }
  let base: LoadedSpec;
  let head: LoadedSpec;
  try {
    base = loadSpec(positionals[0]!);
    head = loadSpec(positionals[1]!);
  } catch (error) {
    err(`klavi-openapi-diff: ${(error as Error).message}\n`);
    return 2;
  }
  let findings: Finding[];
  try {
    findings = diffSpecs(base.doc, head.doc, values.today ? { today: values.today } : {});
  } catch (error) {
    if (!(error instanceof SpecModelError)) throw error;
    err(`klavi-openapi-diff: cannot compare ${base.source} and ${head.source}: ${error.message}\n`);
    return 2;
  }
  const source = values['head-source'] ? createSourceMap(values['head-source']) : undefined;
  const result = {
    base,
    head,
    findings,
    verdict: verdict(findings, !isDeepStrictEqual(base.doc, head.doc)),
    ...(source ? { source } : {}),
  };
  out(`${values.verdict ? result.verdict : format(result, values.format as Format)}\n`);
  const threshold = values['fail-on'] as Severity | 'never';
  const failing =
    threshold === 'never'
      ? []
      : findings.filter((f) => f.severity === 'error' || (threshold === 'warning' && f.severity === 'warning'));
  return failing.length > 0 ? 1 : 0;
}
