// The spec lints clean: zero errors and zero warnings from both linters, run exactly as
// `pnpm lint` runs them. Exceptions are only those checked in, with their reasons, in
// .redocly.lint-ignore.yaml and .spectral.yaml.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linters } from '../scripts/linters.mjs';
import { runToolReport } from '../scripts/tool.mjs';

const [redocly, spectral] = linters('json');

describe('lint', () => {
  it('Redocly (recommended-strict and our rules) finds nothing in the source', () => {
    const report = JSON.parse(runToolReport(redocly!.pkg, redocly!.bin, redocly!.args)) as {
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer} ${p.message}`);
    expect(problems).toEqual([]);
  });

  it('Spectral (spectral:oas, OWASP and the house rules) finds nothing in the bundle', () => {
    // Spectral follows its JSON with a text line when there is nothing to report: read the file.
    const output = join(mkdtempSync(join(tmpdir(), 'spectral-')), 'report.json');
    runToolReport(spectral!.pkg, spectral!.bin, [...spectral!.args, '--output', output]);
    const results = JSON.parse(readFileSync(output, 'utf8')) as Array<{
      code: string;
      message: string;
      path: string[];
      severity: number;
    }>;
    // Severity 0 is error, 1 warning; hints and information do not count.
    const problems = results.filter((r) => r.severity <= 1).map((r) => `${r.code} ${r.path.join('.')} ${r.message}`);
    expect(problems).toEqual([]);
  });
});
