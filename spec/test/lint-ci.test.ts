// The pull-request lint: annotations from both linters, SARIF for code scanning, and a markdown
// summary, written where the workflow picks them up.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spectralToSarif } from '../scripts/sarif.mjs';

const specDir = join(import.meta.dirname, '..');

describe('lint-ci', () => {
  it('lints clean, and writes SARIF and the markdown summary', () => {
    const result = spawnSync(process.execPath, ['scripts/lint-ci.mjs'], { cwd: specDir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/redocly lint openapi\.yaml .*--format=github-actions/);
    expect(result.stdout).toMatch(/spectral lint dist\/openapi\.yaml .*--format github-actions/);
    const sarif = JSON.parse(readFileSync(join(specDir, 'lint-results', 'spectral.sarif'), 'utf8'));
    expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'spectral' } }, results: [] }] });
    expect(readFileSync(join(specDir, 'lint-results', 'redocly.md'), 'utf8')).toMatch(/^## Redocly lint/);
  }, 120_000);

  it('turns Spectral results into SARIF results on 1-based lines, one rule entry per code', () => {
    const range = { start: { line: 9, character: 2 }, end: { line: 9, character: 14 } };
    const sarif = spectralToSarif(
      [
        { code: 'operation-tags', message: 'Operation must have non-empty "tags" array.', severity: 1, range },
        { code: 'operation-tags', message: 'Operation must have non-empty "tags" array.', severity: 1, range },
        { code: 'klavi-amount-string', message: 'Amounts are strings.', severity: 0, range },
      ],
      { file: 'spec/dist/openapi.yaml', version: '6.16.3' },
    );
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(['operation-tags', 'klavi-amount-string']);
    expect(run!.results[0]).toMatchObject({
      ruleId: 'operation-tags',
      level: 'warning',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'spec/dist/openapi.yaml' }, region: { startLine: 10, startColumn: 3, endLine: 10, endColumn: 15 } } }],
    });
    expect(run!.results[2]!.level).toBe('error');
  });
});
