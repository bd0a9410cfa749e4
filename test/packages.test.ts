// Every public package as npm would publish it: full metadata, the repo's LICENSE, a README,
// real version ranges, the files its bins and exports name, and clean publint and
// arethetypeswrong reports on the packed tarball. A new public package is found from
// pnpm-workspace.yaml, so it is checked without anyone adding it here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPOSITORY = 'git+https://github.com/klavi-pay/toolkit.git';
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

interface Manifest {
  name: string;
  private?: boolean;
  description?: string;
  license?: string;
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string };
  bugs?: { url?: string };
  keywords?: string[];
  engines?: { node?: string };
  bin?: Record<string, string>;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

function publicPackages(): Array<{ dir: string; manifest: Manifest }> {
  const { packages } = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] };
  const dirs = packages.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(root, pattern.slice(0, -2), e.name))
      : [join(root, pattern)],
  );
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
    .filter(({ manifest }) => !manifest.private);
}

const PACKAGES = publicPackages();
/** Those that ship CommonJS too, checked under every resolution; the others are ESM only. */
const DUAL = new Set(['@klavi-pay/client']);

let packs: string;
beforeAll(() => {
  packs = mkdtempSync(join(tmpdir(), 'klavi-packs-'));
});
afterAll(() => rmSync(packs, { recursive: true, force: true }));

it('finds the public packages, klavi-contract among them', () => {
  expect(PACKAGES.map((p) => p.manifest.name)).toEqual(
    expect.arrayContaining([
      '@klavi-pay/spec',
      '@klavi-pay/client',
      '@klavi-pay/sandbox',
      '@klavi-pay/openapi-runtime',
      '@klavi-pay/openapi-diff',
      '@klavi-pay/contract-tests',
    ]),
  );
});

describe.each(PACKAGES.map((p) => [p.manifest.name, p] as const))('%s', (_name, { dir, manifest }) => {
  const directory = relative(root, dir);
  let tarball: string;

  beforeAll(() => {
    const out = mkdtempSync(join(packs, 'pack-'));
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'ignore' });
    tarball = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  });

  it('has the metadata a registry page and a bug report need', () => {
    expect(manifest.description?.length ?? 0).toBeGreaterThan(20);
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toEqual({ type: 'git', url: REPOSITORY, directory });
    expect(manifest.homepage).toBe(`https://github.com/klavi-pay/toolkit/tree/main/${directory}#readme`);
    expect(manifest.bugs).toEqual({ url: 'https://github.com/klavi-pay/toolkit/issues' });
    expect(manifest.keywords?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(manifest.engines?.node).toBe('>=20.19');
  });

  it('carries the repo LICENSE and a README with a quick start', () => {
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/^## Quick start$/m);
  });

  it('packs its LICENSE, README, bins and entry points, with real version ranges', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json']));
    for (const file of Object.values(manifest.bin ?? {}))
      expect(files).toContain(`package/${file.replace(/^\.\//, '')}`);
    if (manifest.types) expect(files).toContain(`package/${manifest.types.replace(/^\.\//, '')}`);
    const packed = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    expect(packed).not.toMatch(/"(workspace|catalog):/);
  });

  it('passes publint', () => {
    const result = spawnSync(bin('publint'), ['run', tarball, '--strict'], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('All good!');
  });

  it(`passes arethetypeswrong (${DUAL.has(manifest.name) ? 'every resolution' : 'ESM only'})`, () => {
    // Data files the exports map publishes to be read, not imported (spec/dist/openapi.yaml).
    const data = Object.entries(manifest.exports ?? {})
      .filter(([, target]) => typeof target === 'string' && !/\.(m?js|cjs|json)$/.test(target))
      .map(([entry]) => entry);
    const args = [
      tarball,
      ...(DUAL.has(manifest.name) ? [] : ['--profile', 'esm-only']),
      ...(data.length ? ['--exclude-entrypoints', ...data] : []),
      '--format',
      'ascii',
    ];
    const result = spawnSync(bin('attw'), args, { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
