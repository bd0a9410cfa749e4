// pnpm bench [--suite id]… [--runs N] [--quick]: runs the suites and writes RESULTS.md.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine, describeMachineLine } from './machine.js';
import { renderTable } from './markdown.js';
import { mergeResults, readResults, writeResults } from './results.js';
import type { Suite, SuiteReport } from './suite.js';
import { clientSuite } from './suites/client.js';
import { codegenSuite } from './suites/codegen.js';
import { contractSuite } from './suites/contract.js';
import { devSuite } from './suites/dev.js';
import { diffSuite } from './suites/diff.js';
import { pipelineSuite } from './suites/pipeline.js';
import { sandboxSuite } from './suites/sandbox.js';
import { validatorSuite } from './suites/validator.js';
import { BENCH_DIR } from './workspace.js';

export const SUITES: readonly Suite[] = [
  pipelineSuite,
  devSuite,
  codegenSuite,
  clientSuite,
  sandboxSuite(),
  validatorSuite,
  contractSuite,
  diffSuite,
];

const USAGE = `Usage: pnpm bench [--suite ${SUITES.map((s) => s.id).join('|')}]… [--runs N] [--quick]

Measures the toolkit against the alternatives and writes bench/RESULTS.md and bench/results.json.
  --suite ID   run only this suite (repeatable, or comma-separated); the others keep their last results
  --runs N     rounds per suite (default: ${SUITES.map((s) => `${s.id} ${s.defaultRuns}`).join(', ')})
  --quick      one round of each suite, to try the harness; RESULTS.md is not written`;

const parseFlags = (args: string[]) =>
  parseArgs({
    args,
    options: {
      suite: { type: 'string', multiple: true },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });

export async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    ({ values } = parseFlags(argv));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const wanted = (values.suite ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((id) => !SUITES.some((s) => s.id === id));
  if (unknown.length > 0) {
    process.stderr.write(
      `--suite: no suite named ${unknown.join(', ')}; the suites are ${SUITES.map((s) => s.id).join(', ')}\n`,
    );
    return 2;
  }
  let runs: number | undefined;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
      process.stderr.write(`--runs must be a whole number of at least 1, got ${values.runs}\n`);
      return 2;
    }
  }
  if (values.quick) runs = 1;
  const selected = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.id)) : SUITES;
  const machine = describeMachine();
  console.log(`klavi-bench on ${describeMachineLine(machine)}, commit ${machine.commit}\n`);

  const reports: SuiteReport[] = [];
  for (const suite of selected) {
    const rounds = runs ?? suite.defaultRuns;
    const method = suite.method(rounds);
    console.log(`# ${suite.title}\n${method.map((line) => `- ${line}`).join('\n')}\n`);
    const measuredAt = new Date().toISOString();
    const result = await suite.run({ runs: rounds, log: (line) => console.log(line) });
    const report: SuiteReport = {
      id: suite.id,
      title: suite.title,
      method,
      runs: rounds,
      measuredAt,
      machine,
      ...result,
    };
    reports.push(report);
    console.log(`\n${report.tables.map(renderTable).join('\n\n')}\n`);
  }
  if (values.quick) {
    console.log('--quick: one round each, so RESULTS.md was left as it was.');
    return 0;
  }
  const markdown = join(BENCH_DIR, 'RESULTS.md');
  const json = join(BENCH_DIR, 'results.json');
  writeResults(
    markdown,
    json,
    mergeResults(
      readResults(json),
      reports,
      SUITES.map((s) => s.id),
    ),
  );
  console.log(`wrote ${markdown} and ${json}`);
  return 0;
}
