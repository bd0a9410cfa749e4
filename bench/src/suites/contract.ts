// Contract-test suite: the full klavi-contract run against the sandbox, timed from the outside,
// with the sandbox in the same process (the default) and in its own process over HTTP (how a
// real server is certified).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CREDENTIALS } from '@klavi-pay/sandbox';
import { formatCount, formatMs, formatRatio, median, pairedRatio, rounds } from '../stats.js';
import { runCommand } from '../process.js';
import { startSandboxProcess } from './sandbox.js';
import { interleave, type Suite } from '../suite.js';
import { binPath, REPO_ROOT } from '../workspace.js';

export interface ContractRun {
  wallMs: number;
  checks: number;
  requests: number;
}

const MODES = ['in-process sandbox (default)', 'sandbox in its own process (--base-url)'] as const;
type Mode = (typeof MODES)[number];

/** One full run of the bin; the report's totals say how many checks and requests it made. */
export async function runContract(extraArgs: string[] = []): Promise<ContractRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'klavi-bench-contract-'));
  try {
    const result = await runCommand(
      process.execPath,
      [
        binPath('@klavi-pay/contract-tests', 'klavi-contract'),
        '--quiet',
        '--seed',
        '1',
        '--report-dir',
        reportDir,
        ...extraArgs,
      ],
      {
        cwd: REPO_ROOT,
        allowFailure: true,
      },
    );
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as {
      totals: { pass: number; fail: number };
      requests: number;
    };
    if (result.code !== 0)
      throw new Error(
        `klavi-contract exited with ${result.code}: ${report.totals.fail} checks failed\n${result.stdout.slice(-2000)}`,
      );
    return { wallMs: result.ms, checks: report.totals.pass + report.totals.fail, requests: report.requests };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

export const contractSuite: Suite = {
  id: 'contract',
  title: 'Contract tests',
  defaultRuns: 3,
  method: (runs) => [
    '`klavi-contract --quiet --seed 1 --report-dir <tmp>`: every suite (flows, positive, negative, auth, methods, idempotency, use-after-cancel, rules, unknown ids), timed from spawn to exit, so Node start-up and the report files are included.',
    `Two ways, ${rounds(runs)} in rotating order: the default, which starts the sandbox inside the test process, and against a \`klavi-sandbox\` started in its own process, passed with \`--base-url\` and the demo key pairs, as a real server is certified.`,
    'Every run must pass: a run with a failed check stops the suite, since its time would not be that of a certification. Checks per second is the checks the report counts over the wall time. The ratio is the median of per-round ratios to the default.',
    'No other contract tester runs here for comparison: Schemathesis is a Python tool and this machine reaches only the npm registry.',
  ],
  async run({ runs, log }) {
    const sandbox = await startSandboxProcess();
    const [customer] = DEMO_CREDENTIALS.CustomerBearer;
    const [management] = DEMO_CREDENTIALS.ManagementBearer;
    const runs_: Record<Mode, ContractRun[]> = { [MODES[0]]: [], [MODES[1]]: [] };
    try {
      await interleave(runs, MODES, async (mode, round) => {
        const args =
          mode === MODES[0]
            ? []
            : [
                '--base-url',
                sandbox.url,
                '--access-key',
                customer!.accessKey,
                '--secret-key',
                customer!.secretKey,
                '--management-access-key',
                management!.accessKey,
                '--management-secret-key',
                management!.secretKey,
              ];
        const run = await runContract(args);
        runs_[mode].push(run);
        log(
          `  round ${round + 1}/${runs}: ${mode}: ${formatCount(run.checks)} checks, ${formatCount(run.requests)} requests in ${formatMs(run.wallMs)}`,
        );
        return run.wallMs;
      });
    } finally {
      await sandbox.stop();
    }
    const wall = (mode: Mode) => runs_[mode].map((r) => r.wallMs);
    return {
      tables: [
        {
          caption: 'Full run against the sandbox',
          headers: [
            'Sandbox',
            'Wall time (median)',
            'Ratio to default',
            'Checks',
            'Requests',
            'Checks/s',
            'Requests/s',
          ],
          align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
          rows: MODES.map((mode) => {
            const ms = median(wall(mode));
            const last = runs_[mode].at(-1)!;
            return [
              mode,
              formatMs(ms),
              formatRatio(pairedRatio(wall(mode), wall(MODES[0]))),
              formatCount(last.checks),
              formatCount(last.requests),
              formatCount(median(runs_[mode].map((r) => r.checks / (r.wallMs / 1000)))),
              formatCount(median(runs_[mode].map((r) => r.requests / (r.wallMs / 1000)))),
            ];
          }),
        },
      ],
      samples: { runs: runs_ },
    };
  },
};
