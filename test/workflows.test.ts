// The pull-request workflows: they run on spec changes, do what the issue asks, and call only
// pnpm scripts that exist and that the README documents, so that everything also runs locally.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = join(root, '.github', 'workflows');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const workflows = Object.fromEntries(readdirSync(dir).map((f) => [f, parse(readFileSync(join(dir, f), 'utf8'))]));
const steps = (file: string) =>
  Object.values(workflows[file].jobs as Record<string, { steps: any[] }>).flatMap((job) => job.steps);
const runs = (file: string) =>
  steps(file).flatMap((s) => (typeof s.run === 'string' ? s.run.split('\n').filter((l: string) => l.trim()) : []));

const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).trim().split('\n');

/** The files a change to which would not start the workflow, by GitHub's paths / paths-ignore rules. */
function untriggered(trigger: { paths?: string[]; 'paths-ignore'?: string[] } | null, files: string[]): string[] {
  const included = trigger?.paths ? picomatch(trigger.paths, { dot: true }) : () => true;
  const ignored = trigger?.['paths-ignore'] ? picomatch(trigger['paths-ignore'], { dot: true }) : () => false;
  return files.filter((file) => !included(file) || ignored(file));
}

/** Commands that set the machine up, as .ci/run does; everything else must be a pnpm script. */
const SETUP = [
  /^npm install -g pnpm@10$/,
  /^pnpm install --frozen-lockfile$/,
  /^cat spec\/lint-results\/redocly\.md >> "\$GITHUB_STEP_SUMMARY"$/,
];

describe('workflows', () => {
  it('run on every pull request that changes a tracked file, the gate itself included', () => {
    const trigger = workflows['spec-pr.yml'].on.pull_request ?? {};
    expect(untriggered(trigger, tracked)).toEqual([]);
  });

  it('would notice a paths filter that leaves files out', () => {
    // The filter this workflow once had: a change to the gate's own scripts ran no checks.
    const old = {
      paths: [
        'spec/**',
        'packages/**',
        'apps/**',
        '.changeset/**',
        'pnpm-lock.yaml',
        'pnpm-workspace.yaml',
        '.github/workflows/spec-pr.yml',
      ],
    };
    const missed = untriggered(old, tracked);
    expect(missed).toEqual(
      expect.arrayContaining(['scripts/spec-diff.mjs', 'turbo.json', 'package.json', 'test/workflows.test.ts']),
    );
    expect(untriggered({ 'paths-ignore': ['**/*.md'] }, tracked)).toContain('spec/DECISIONS.md');
  });

  it('call only pnpm scripts that exist and that the README documents', () => {
    for (const file of Object.keys(workflows)) {
      const commands = [
        ...runs(file),
        ...steps(file).flatMap((s) => [s.with?.version, s.with?.publish].filter(Boolean)),
      ];
      for (const command of commands) {
        if (SETUP.some((pattern) => pattern.test(command.trim()))) continue;
        const script = /^pnpm ([\w:-]+)/.exec(command.trim())?.[1];
        expect(script, `${file}: "${command}" is not a pnpm script`).toBeDefined();
        expect(scripts, `${file}: pnpm ${script}`).toHaveProperty(script!);
        expect(readme, `the README does not document pnpm ${script}`).toContain(`pnpm ${script}`);
      }
    }
  });

  it('lint with annotations, upload SARIF and write a job summary', () => {
    expect(runs('spec-pr.yml')).toContain('pnpm spec:lint:ci');
    expect(readFileSync(join(root, 'spec', 'scripts', 'linters.mjs'), 'utf8')).toMatch(/--format/);
    const upload = steps('spec-pr.yml').find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with.sarif_file).toBe('spec/lint-results/spectral.sarif');
    expect(workflows['spec-pr.yml'].jobs.lint.permissions['security-events']).toBe('write');
  });

  it('gate breaking changes with annotations, a summary and the changeset check', () => {
    const commands = runs('spec-pr.yml');
    expect(commands.some((c) => /^pnpm spec:diff .*--format github-actions/.test(c))).toBe(true);
    expect(commands.some((c) => /^pnpm spec:diff .*--format markdown .*>> "\$GITHUB_STEP_SUMMARY"/.test(c))).toBe(true);
    expect(commands.some((c) => c.startsWith('pnpm changeset:check'))).toBe(true);
    expect(workflows['spec-pr.yml'].jobs['breaking-changes'].steps[0].with['fetch-depth']).toBe(0);
  });

  it('rebuild with the drift check, keep the docs, and run the contract tests', () => {
    const commands = runs('spec-pr.yml');
    expect(commands).toContain('pnpm check:drift');
    expect(steps('spec-pr.yml').find((s) => s.with?.name === 'api-reference')?.with.path).toBe('apps/docs/dist');
    expect(commands.some((c) => c.startsWith('pnpm contract '))).toBe(true);
  });
});
