// The build pipeline follows the data: a second `pnpm build` with nothing changed is a full turbo
// cache hit; a spec edit re-runs the bundle and exactly the packages that read the spec, once; edits
// to the spec's prose and tests re-run no build; an edit undone after a build regenerates the
// committed files; and the committed generated files are what the build produces.
// The edits happen in a scratch copy of the working tree, so this tree and its cache are untouched.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyWorkingTree,
  EDITED_FILE,
  editDescription,
  readSummaries,
  type TaskOutcome,
} from '../bench/src/suites/pipeline.js';
import { BUILD_PHASES } from '../scripts/build.mjs';
import { GENERATED, GENERATORS, ROOT as root } from '../scripts/generated.mjs';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', CI: 'true', FORCE_COLOR: '0' };

/** Runs the root `build` script (two turbo runs, the first behind the stale guard) with --summarize in `repo`. */
function build(repo: string): TaskOutcome & { output: string } {
  const script: string = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts.build;
  const [node, entry, ...args] = script.split(/\s+/);
  expect([node, entry]).toEqual(['node', 'scripts/build.mjs']);
  const runs = join(repo, '.turbo', 'runs');
  rmSync(runs, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [join(repo, entry!), ...args, '--summarize'], {
    cwd: repo,
    env,
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`pnpm build failed in ${repo}:\n${output}`);
  expect(
    readdirSync(runs).filter((name) => name.endsWith('.json')),
    output,
  ).toHaveLength(BUILD_PHASES.length);
  return { output, ...readSummaries(runs) };
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

/** The workspace packages that depend on `name`, directly or not, from their package.json files. */
function dependentsOf(repo: string, name: string): Set<string> {
  const manifests = git(repo, 'ls-files', '*package.json')
    .split('\n')
    .filter((f) => f && f !== 'package.json' && !f.includes('node_modules'))
    .map(
      (f) =>
        JSON.parse(readFileSync(join(repo, f), 'utf8')) as {
          name: string;
          dependencies?: object;
          devDependencies?: object;
        },
    );
  const found = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of manifests) {
      const deps = Object.keys({ ...m.dependencies, ...m.devDependencies });
      if (!found.has(m.name) && deps.some((d) => found.has(d))) {
        found.add(m.name);
        grew = true;
      }
    }
  }
  return found;
}

describe('pnpm build in this tree', () => {
  it('is a full turbo cache hit the second time', () => {
    const first = build(root);
    expect(first.ran.length + first.cached.length).toBeGreaterThan(5);
    const second = build(root);
    expect(second.cached).toContain('@klavi-pay/spec#bundle');
    expect(second.ran).toEqual([]);
  });

  it('plans no generator in the second turbo run, which therefore skips the stale guard', () => {
    const [, second] = BUILD_PHASES;
    expect(second!.guard).toBe(false);
    const dry = spawnSync(join(root, 'node_modules', '.bin', 'turbo'), [...second!.args, '--dry=json'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    const plan = JSON.parse(dry.stdout.slice(dry.stdout.indexOf('{'))) as { tasks: { taskId: string }[] };
    const planned = plan.tasks.map((t) => t.taskId);
    expect(planned).toContain('@klavi-pay/docs#build');
    for (const generator of GENERATORS) expect(planned).not.toContain(generator.task);
  });

  it('leaves the committed generated files unchanged (drift check)', () => {
    // Run after a build. Compares with the git index, so regenerated files that are staged pass.
    const changed = git(root, 'diff', '--name-only', '--', ...GENERATED).trim();
    const untracked = git(root, 'ls-files', '--others', '--exclude-standard', '--', ...GENERATED).trim();
    expect(
      [changed, untracked].filter(Boolean).join('\n'),
      'generated files differ from git: run `pnpm build` and commit them',
    ).toBe('');
  });
});

describe('pnpm build in a scratch copy, edit by edit', () => {
  let repo: string;
  let readers: string[];
  const committed = (file: string) => readFileSync(join(repo, file), 'utf8');

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'klavi-pipeline-'));
    copyWorkingTree(repo);
    execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: repo, env, stdio: 'pipe' });
    build(repo);
    const spec = dependentsOf(repo, '@klavi-pay/spec');
    readers = build(repo).cached.filter((task) => spec.has(task.split('#')[0]!));
  }, 300_000);
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('starts from a full cache hit in which the spec has readers and the libraries do not read it', () => {
    expect(build(repo).ran).toEqual([]);
    expect(readers).toEqual(
      expect.arrayContaining([
        '@klavi-pay/spec#bundle',
        '@klavi-pay/client#generate',
        '@klavi-pay/docs#build',
        '@klavi-pay/sandbox#build',
      ]),
    );
    expect(readers).not.toContain('@klavi-pay/openapi-runtime#build');
    expect(readers).not.toContain('@klavi-pay/openapi-diff#build');
  });

  it('re-runs the bundle, the client generator and the docs after a description edit, then nothing', () => {
    const original = committed('spec/dist/openapi.json');
    editDescription(join(repo, EDITED_FILE), 1);
    const first = build(repo);
    // A description changes the documents and the types' comments, not the model: the client's
    // generated files stay the same, and the sandbox, the certifier and the bench read the spec
    // at run time, so their builds (and the client's) come from the cache.
    expect(first.ran).toEqual(['@klavi-pay/client#generate', '@klavi-pay/docs#build', '@klavi-pay/spec#bundle']);
    expect(first.cached).toEqual(
      expect.arrayContaining([
        '@klavi-pay/client#build',
        '@klavi-pay/sandbox#build',
        '@klavi-pay/contract-tests#build',
        '@klavi-pay/bench#build',
      ]),
    );
    expect(committed('spec/dist/openapi.json')).not.toBe(original);
    expect(committed('spec/dist/openapi.json')).toContain('Edited by pnpm bench, round 1.');
    expect(readFileSync(join(repo, 'apps/docs/dist/openapi.json'), 'utf8')).toContain('Edited by pnpm bench, round 1.');
    const second = build(repo);
    expect(second.ran, 'the build after the edit is a full cache hit').toEqual([]);
  });

  it('rebuilds the client when an edit changes what its generated files hold', () => {
    // A fact the client projects (an environment's base URL): spec-metadata.ts changes, so the
    // client build must not be served from the cache.
    const file = join(repo, 'spec/openapi.yaml');
    const original = readFileSync(file, 'utf8');
    const edited = original.replace('- url: https://api.klavi.ai\n', '- url: https://api-edge.klavi.ai\n');
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    try {
      const rebuilt = build(repo);
      expect(rebuilt.ran).toEqual(expect.arrayContaining(['@klavi-pay/client#generate', '@klavi-pay/client#build']));
      expect(readFileSync(join(repo, 'packages/client/src/generated/spec-metadata.ts'), 'utf8')).toContain(
        'api-edge.klavi.ai',
      );
      expect(readFileSync(join(repo, 'packages/client/dist/index.js'), 'utf8')).toContain('api-edge.klavi.ai');
    } finally {
      writeFileSync(file, original);
    }
    build(repo);
    expect(build(repo).ran).toEqual([]);
  });

  it.each(['spec/README.md', 'spec/DECISIONS.md', 'spec/test/bundle.test.ts', 'packages/client/README.md'])(
    're-runs no build after %s is edited',
    (file) => {
      appendFileSync(join(repo, file), '\n<!-- edited by the pipeline test -->\n');
      expect(build(repo).ran).toEqual([]);
    },
  );

  it('rebuilds the docs page, and nothing else, when a code-sample module changes what it writes', () => {
    const file = join(repo, 'apps/docs/scripts/samples/curl.mjs');
    const original = readFileSync(file, 'utf8');
    const edited = original.replace(
      "`  -H 'Accept: application/json'`",
      "`  -H 'Accept: application/json' -H 'X-Edited: yes'`",
    );
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    try {
      expect(build(repo).ran).toEqual(['@klavi-pay/docs#build']);
      expect(readFileSync(join(repo, 'apps/docs/dist/openapi.json'), 'utf8')).toContain('X-Edited: yes');
    } finally {
      writeFileSync(file, original);
    }
    expect(build(repo).ran).toEqual([]);
  });

  it('regenerates the committed bundle when the edit is undone, then hits the cache again', () => {
    writeFileSync(join(repo, EDITED_FILE), readFileSync(join(root, EDITED_FILE), 'utf8'));
    const undone = build(repo);
    expect(undone.output).toContain('spec/dist is not what its generator wrote for the current inputs');
    expect(undone.ran).toContain('@klavi-pay/spec#bundle');
    expect(committed('spec/dist/openapi.json')).toBe(readFileSync(join(root, 'spec/dist/openapi.json'), 'utf8'));
    expect(build(repo).ran).toEqual([]);
  });

  it('has a drift check that passes on the copy and fails, naming the file, on a stale bundle', () => {
    const drift = () =>
      spawnSync(process.execPath, [join(repo, 'scripts', 'check-drift.mjs')], { cwd: repo, env, encoding: 'utf8' });
    expect(drift().status, drift().stderr).toBe(0);
    const file = join(repo, 'spec/dist/openapi.yaml');
    const original = readFileSync(file, 'utf8');
    appendFileSync(file, '# edited by hand\n');
    const stale = drift();
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('stale: spec/dist/openapi.yaml');
    expect(stale.stderr).toContain('Run `pnpm build`');
    writeFileSync(file, original);
  });

  it('has a drift check that fails on a spec source edited but never rebuilt', () => {
    const source = join(repo, EDITED_FILE);
    const original = readFileSync(source, 'utf8');
    editDescription(source, 99);
    const stale = spawnSync(process.execPath, [join(repo, 'scripts', 'check-drift.mjs')], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    writeFileSync(source, original);
    expect(stale.status, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stderr).toContain('stale: spec/dist/openapi.json');
  });

  it('regenerates a committed client file edited by hand', () => {
    const file = 'packages/client/src/generated/spec-metadata.ts';
    appendFileSync(join(repo, file), '\n// edited by hand\n');
    const healed = build(repo);
    expect(healed.ran).toContain('@klavi-pay/client#generate');
    expect(committed(file)).toBe(readFileSync(join(root, file), 'utf8'));
    expect(build(repo).ran).toEqual([]);
  });
});
