// The built package as a consumer gets it: both module formats load, the packed tarball passes
// arethetypeswrong, and the runtime stays within its size budget. Runs after `build` (turbo).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(packageDir, 'node_modules', '.bin', name);
const run = (command: string, args: string[], cwd = packageDir) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('module formats', () => {
  const probe = `
    const client = m.createKlaviClient({ environment: 'sandbox', credentials: { accessKey: 'a', secretKey: 'b' } });
    console.log(JSON.stringify({ baseUrl: client.baseUrl, error: typeof m.KlaviApiError, statuses: m.INSTANT_PAYMENT_STATUSES.length }));`;
  const expected = { baseUrl: 'https://api-sandbox.klavi.ai', error: 'function', statuses: 17 };

  it('loads as ESM through the exports map', () => {
    const out = run(process.execPath, ['--input-type=module', '-e', `import * as m from '@klavi-pay/client';${probe}`], join(packageDir, 'test'));
    expect(JSON.parse(out)).toEqual(expected);
  });

  it('loads as CommonJS through the exports map', () => {
    const out = run(process.execPath, ['--input-type=commonjs', '-e', `const m = require('@klavi-pay/client');${probe}`], join(packageDir, 'test'));
    expect(JSON.parse(out)).toEqual(expected);
  });
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
