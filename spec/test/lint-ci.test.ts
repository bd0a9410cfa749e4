// The pull-request lint: annotations from both linters, SARIF for code scanning, and a markdown
// summary, written where the workflow picks them up.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { annotation, rebaseRedocly, spectralLocation } from '../scripts/annotations.mjs';
import { spectralToSarif } from '../scripts/sarif.mjs';

const specDir = join(import.meta.dirname, '..');

describe('lint-ci', () => {
  it('lints clean, and writes SARIF and the markdown summary', () => {
    const result = spawnSync(process.execPath, ['scripts/lint-ci.mjs'], {
      cwd: specDir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/redocly lint openapi\.yaml .*--format=github-actions/);
    expect(result.stdout).toMatch(/^▶ bundle/m);
    expect(result.stdout).toMatch(/spectral lint dist\/openapi\.yaml .*--format json/);
    const sarif = JSON.parse(readFileSync(join(specDir, 'lint-results', 'spectral.sarif'), 'utf8'));
    expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'spectral' } }, results: [] }] });
    expect(readFileSync(join(specDir, 'lint-results', 'redocly.md'), 'utf8')).toMatch(/^## Redocly lint/);
  }, 120_000);

  it('turns Spectral results into SARIF results at their source location, one rule entry per code', () => {
    const range = { start: { line: 9, character: 2 }, end: { line: 9, character: 14 } };
    const sarif = spectralToSarif(
      [
        {
          code: 'operation-tags',
          message: 'Operation must have non-empty "tags" array.',
          severity: 1,
          range,
          path: ['paths', '/x', 'get'],
        },
        {
          code: 'operation-tags',
          message: 'Operation must have non-empty "tags" array.',
          severity: 1,
          range,
          path: ['paths', '/y', 'get'],
        },
        { code: 'klavi-amount-string', message: 'Amounts are strings.', severity: 0, range },
      ],
      {
        version: '6.16.3',
        locate: (result) =>
          result.path
            ? { file: `spec/paths/${String(result.path[1]).slice(1)}.yaml`, line: 3, column: 1 }
            : { file: 'spec/dist/openapi.yaml', line: 10, column: 3 },
      },
    );
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(['operation-tags', 'klavi-amount-string']);
    expect(run!.results[0]).toMatchObject({
      ruleId: 'operation-tags',
      level: 'warning',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'spec/paths/x.yaml' },
            region: { startLine: 3, startColumn: 1 },
          },
        },
      ],
    });
    expect(run!.results[2]).toMatchObject({
      level: 'error',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'spec/dist/openapi.yaml' }, region: { startLine: 10 } } },
      ],
    });
  });
});

describe('lint-ci on a spec with problems', () => {
  // A scratch copy of the spec whose committed bundle is left stale: a Spectral finding can only
  // come from a source edit if lint-ci bundles first.
  const root = mkdtempSync(join(tmpdir(), 'klavi-lint-ci-'));
  const copy = join(root, 'spec');
  for (const file of execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: specDir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(specDir, file), join(copy, file));
  }
  symlinkSync(join(specDir, 'node_modules'), join(copy, 'node_modules'));
  const amount = join(copy, 'components/schemas/Amount.yaml');
  // Redocly: an unknown keyword. Spectral (OWASP string-limit): a string without maxLength.
  writeFileSync(
    amount,
    readFileSync(amount, 'utf8')
      .replace(/^maxLength: \d+\n/m, '')
      .replace(/^type: string$/m, 'type: string\nsummaryx: oops'),
  );
  const result = spawnSync(process.execPath, ['scripts/lint-ci.mjs'], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
  const located = annotations.map((line) => {
    const [, command, props] = /^::(\w+) ([^:]*)::/.exec(line) ?? [];
    const get = (key: string) => new RegExp(`(?:^|,)${key}=([^,]*)`).exec(props ?? '')?.[1];
    return { command, file: get('file'), line: Number(get('line')), title: decodeURIComponent(get('title') ?? '') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('fails, and puts every annotation on its own line', () => {
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(annotations.length).toBeGreaterThanOrEqual(2);
    // A command glued to the previous output would not start its line.
    expect(result.stdout.split('\n').filter((line) => line.includes('::error ') && !line.startsWith('::'))).toEqual([]);
  }, 120_000);

  it('names repo-root source files and lines, for both linters', () => {
    for (const at of located) {
      expect(at.file, JSON.stringify(at)).toMatch(/^spec\/(components|paths)\//);
      expect(existsSync(join(root, at.file!)), at.file).toBe(true);
    }
    const lines = readFileSync(amount, 'utf8').split('\n');
    const redocly = located.find((a) => a.title === 'struct');
    expect(redocly).toMatchObject({ command: 'error', file: 'spec/components/schemas/Amount.yaml' });
    expect(lines[redocly!.line - 1]).toMatch(/^summaryx:/);
    const spectral = located.filter((a) => a.title === 'spectral owasp:api4:2023-string-limit');
    expect(spectral.map((a) => a.file)).toContain('spec/components/schemas/Amount.yaml');
    // A property that refers to Amount is annotated on its own line in its own file.
    const base = spectral.find((a) => a.file === 'spec/components/schemas/InstantPaymentBase.yaml')!;
    expect(readFileSync(join(root, base.file!), 'utf8').split('\n')[base.line - 1]).toMatch(/^\s+amount:/);
  });

  it('writes SARIF with the same source locations', () => {
    const sarif = JSON.parse(readFileSync(join(copy, 'lint-results', 'spectral.sarif'), 'utf8'));
    const uris = sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('spec/components/schemas/Amount.yaml');
    expect(uris.every((uri: string) => uri.startsWith('spec/') && !uri.startsWith('spec/dist/'))).toBe(true);
  });
});

describe('annotations', () => {
  it('end every command with a newline and escape what GitHub would misread', () => {
    const text = annotation({
      severity: 1,
      file: 'spec/a,b.yaml',
      line: 3,
      column: 2,
      title: 'spectral owasp:x',
      message: '100% sure\nreally',
    });
    expect(text).toBe('::warning file=spec/a%2Cb.yaml,line=3,col=2,title=spectral owasp%3Ax::100%25 sure%0Areally\n');
  });

  it("rebase Redocly's files on the repo root and keep only the commands", () => {
    const out = rebaseRedocly(
      '::error title=struct,file=components/schemas/A.yaml,line=2,col=1::Bad\nnoise\n::warning title=x,file=paths/p.yaml,line=1::Meh',
      { fromDir: '/r/spec', rootDir: '/r' },
    );
    expect(out).toBe(
      '::error title=struct,file=spec/components/schemas/A.yaml,line=2,col=1::Bad\n::warning title=x,file=spec/paths/p.yaml,line=1::Meh\n',
    );
  });

  it('fall back to the bundle when the source has no place for a result', () => {
    const range = { start: { line: 4, character: 0 }, end: { line: 4, character: 3 } };
    expect(
      spectralLocation(
        { code: 'x', message: 'm', severity: 0, range, path: [] },
        { bundleFile: 'spec/dist/openapi.yaml' },
      ),
    ).toEqual({ file: 'spec/dist/openapi.yaml', line: 5, column: 1, exact: true });
  });
});
