// Live progress. On a terminal, one line rewritten in place; elsewhere (CI logs), a line per
// suite and each failure as it happens.
import pc from 'picocolors';
import type { CheckResult } from '../results.js';
import type { CaseSpec, RunnerEvents } from '../runner.js';

export interface Progress extends RunnerEvents {
  result(result: CheckResult): void;
  done(): void;
}

export function createProgress(
  stream: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean },
  enabled = true,
): Progress {
  const tty = Boolean(stream.isTTY);
  let suite = '';
  let cases = 0;
  let failed = 0;
  let checks = 0;
  const status = () =>
    `${suite}: ${cases} cases, ${checks} checks, ${failed > 0 ? pc.red(`${failed} failed`) : '0 failed'}`;
  const line = (text: string) => {
    if (!enabled) return;
    stream.write(tty ? `\r\x1b[2K${text}` : `${text}\n`);
  };
  return {
    caseStart(spec: CaseSpec) {
      if (spec.suite !== suite) {
        if (suite && !tty) line(status());
        if (suite && tty) stream.write('\n');
        suite = spec.suite;
        cases = 0;
        failed = 0;
        checks = 0;
      }
      cases++;
      if (tty) line(`${status()}  ${pc.dim(spec.id)}`);
    },
    caseEnd() {},
    result(result: CheckResult) {
      checks++;
      if (result.outcome !== 'fail') return;
      failed++;
      if (!tty) line(`  ${pc.red('✗')} ${result.operationId} · ${result.check}: ${result.message}`);
    },
    done() {
      if (!suite) return;
      if (tty) line(`${status()}\n`);
      else line(status());
    },
  };
}
