// The built package as a consumer gets it: both module formats load, the packed tarball passes
// arethetypeswrong, and the runtime stays within its size budget. Runs after `build` (turbo).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(packageDir, 'node_modules', '.bin', name);
const run = (command: string, args: string[], cwd = packageDir) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('module formats', () => {
  const probe = `
    const client = m.createKlaviClient({ environment: 'sandbox', credentials: { accessKey: 'a', secretKey: 'b' } });
    console.log(JSON.stringify({ baseUrl: client.baseUrl, error: typeof m.KlaviApiError, statuses: m.INSTANT_PAYMENT_STATUSES.length }));`;
  const expected = { baseUrl: 'https://api-sandbox.klavi.ai', error: 'function', statuses: 17 };

  it('loads as ESM through the exports map', () => {
    const out = run(
      process.execPath,
      ['--input-type=module', '-e', `import * as m from '@klavi-pay/client';${probe}`],
      join(packageDir, 'test'),
    );
    expect(JSON.parse(out)).toEqual(expected);
  });

  it('loads as CommonJS through the exports map', () => {
    const out = run(
      process.execPath,
      ['--input-type=commonjs', '-e', `const m = require('@klavi-pay/client');${probe}`],
      join(packageDir, 'test'),
    );
    expect(JSON.parse(out)).toEqual(expected);
  });
});

describe('type declarations', () => {
  // Each format's declarations are type-checked whole (skipLibCheck off) from a TypeScript module of
  // that format: the spec's types they import must resolve for a CommonJS reader too (TS1479).
  // One compiler run for both formats: it type-checks the spec's 120 KB of declarations with
  // skipLibCheck off, 3-5 s of CPU on its own, and several times that while every package's tests
  // share the two cores: the bound below is for that compile, not a wait on anything.
  it('type-check from a .cts and a .mts module, the spec types and KlaviTypes included', () => {
    const dir = mkdtempSync(join(packageDir, '.types-probe-'));
    try {
      const compilerOptions = {
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        // TypeScript's own lib files need no checking here; the client's and the spec's do.
        skipDefaultLibCheck: true,
        types: [],
      };
      const probe = [
        "import type { InstantPaymentRequest, KlaviTypes } from '@klavi-pay/client';",
        "export const request: InstantPaymentRequest['amount'] = '1.00';",
        "export const body: KlaviTypes.Error = { statusCode: 400, message: 'bad' } as KlaviTypes.Error;",
        // The global is still the global: the spec's Error schema does not shadow it.
        "export const thrown: Error = new Error('still the global');",
      ].join('\n');
      const files = ['probe.cts', 'probe.mts'];
      for (const file of files) writeFileSync(join(dir, file), probe);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
      const result = spawnSync(bin('tsc'), ['-p', dir], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the packed tarball', () => {
  let dir: string;
  let tarball: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'klavi-client-pack-'));
    run('pnpm', ['pack', '--pack-destination', dir]);
    const file = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!file) throw new Error('pnpm pack made no tarball');
    tarball = join(dir, file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has types that resolve under every module resolution (arethetypeswrong)', () => {
    let output: string;
    try {
      output = run(bin('attw'), [tarball, '--format', 'json']);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    const report = JSON.parse(output);
    // `problems` maps each problem kind to its occurrences; a clean package has none.
    expect(report.problems).toEqual({});
    expect(report.analysis.problems).toEqual([]);
    const kinds = Object.keys(report.analysis.entrypoints['.'].resolutions);
    expect(kinds).toEqual(expect.arrayContaining(['node10', 'node16-cjs', 'node16-esm', 'bundler']));
  });

  it('publishes real version ranges, not workspace or catalog placeholders', () => {
    const manifest = run('tar', ['-xzOf', tarball, 'package/package.json']);
    expect(manifest).not.toMatch(/"(workspace|catalog):/);
    expect(JSON.parse(manifest).dependencies['openapi-fetch']).toMatch(/^\^?\d/);
  });
});

describe('size budget', () => {
  it('keeps the runtime within .size-limit.json (min+gz, openapi-fetch included)', () => {
    const budgets = JSON.parse(readFileSync(join(packageDir, '.size-limit.json'), 'utf8')) as Array<{ name: string }>;
    let output: string;
    try {
      output = run(bin('size-limit'), ['--json']);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    const results = JSON.parse(output) as Array<{ name: string; passed: boolean; size: number; sizeLimit: number }>;
    expect(results.map((r) => r.name)).toEqual(budgets.map((b) => b.name));
    for (const result of results) expect(result.size, result.name).toBeLessThanOrEqual(result.sizeLimit);
  });
});
