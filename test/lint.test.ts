// Biome, the formatter and linter `pnpm lint` runs over every package (biome.json): the repo is
// clean by it, and it finds what it is there to find. The faults are checked in a scratch copy of
// the configuration, on files laid out as the repo lays them out.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const biome = join(root, 'node_modules', '.bin', 'biome');
const run = (args: string[], cwd: string) => spawnSync(biome, args, { cwd, encoding: 'utf8' });

describe('biome', () => {
  it('finds nothing to format or fix in the repo', () => {
    const result = run(['check', '--max-diagnostics=20'], root);
    expect(result.stdout + result.stderr, 'run `pnpm format`, then fix what it leaves').not.toMatch(
      /Found \d+ (error|warning|info)/,
    );
    expect(result.status).toBe(0);
  });

  describe('on a scratch tree with the repo configuration', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'klavi-lint-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
    // The scratch tree is not a git checkout: nothing to read an ignore file from.
    writeFileSync(
      join(scratch, 'biome.json'),
      JSON.stringify({ ...config, $schema: undefined, vcs: { enabled: false } }),
    );
    const check = (path: string, source: string) => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), source);
      const result = run(['check', path], scratch);
      return { status: result.status, output: result.stdout + result.stderr };
    };

    it('passes a file written as the repo writes its code', () => {
      expect(check('pkg/src/clean.ts', "export const amount = { value: '1.00' };\n")).toMatchObject({ status: 0 });
    });

    it('fails a file that is not formatted', () => {
      const result = check('pkg/src/unformatted.ts', 'export const amount = {value:"1.00"}\n');
      expect(result.status).toBe(1);
      expect(result.output).toContain('format');
    });

    it('fails an explicit any in source code, and lets tests use it', () => {
      const source = 'export const body: any = JSON.parse("{}");\n'.replaceAll('"', "'");
      const result = check('pkg/src/typed.ts', source);
      expect(result.status).toBe(1);
      expect(result.output).toContain('noExplicitAny');
      expect(check('pkg/test/typed.test.ts', source)).toMatchObject({ status: 0 });
    });

    it('leaves generated files alone', () => {
      const result = check('pkg/src/generated/schema.ts', 'export const amount = {value:"1.00"} as any\n');
      expect(result.output).toMatch(/No files were processed|ignored/i);
    });
  });
});
