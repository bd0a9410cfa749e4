// The linters `pnpm dev` keeps warm (scripts/linter.mjs) give the CLIs' verdict: nothing on the
// spec, and on a copy with a fault each finding named by its rule and placed at the line of the
// source file an author edits, Spectral's included (it lints the bundle).
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSource, renderDist } from '../scripts/bundler.mjs';
import { createLinter } from '../scripts/linter.mjs';
import { SPEC_SOURCES as SOURCES } from '../scripts/tool.mjs';
import { specDir } from './support/spec.js';

let copy: string;
beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'klavi-spec-linter-'));
  for (const entry of SOURCES) cpSync(join(specDir, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(specDir, 'node_modules'), join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** The text of line `line` (from 1) of a file in the copy. */
const lineOf = (file: string, line: number) => readFileSync(join(copy, file), 'utf8').split('\n')[line - 1] ?? '';

async function bundleYaml(dir: string): Promise<string> {
  const bundled = await bundleSource(dir);
  if (!bundled.ok) throw new Error(JSON.stringify(bundled.problems));
  return (await renderDist(bundled.document)).files.get('openapi.yaml')!;
}

describe('the warm linters', () => {
  it('find nothing in the spec, as the CLIs do', async () => {
    const linter = await createLinter(specDir);
    expect(await linter.redocly()).toEqual([]);
    expect(await linter.spectral(readFileSync(join(specDir, 'dist', 'openapi.yaml'), 'utf8'))).toEqual([]);
  });

  it('place a Redocly finding in the source file, at its line', async () => {
    const file = 'paths/customer_instant_payments.yaml';
    const original = readFileSync(join(copy, file), 'utf8');
    writeFileSync(join(copy, file), original.replace(/^(\s+)'429':\n\s+\$ref: [^\n]+\n/m, ''));
    try {
      const findings = await (await createLinter(copy)).redocly();
      const finding = findings.find((f) => f.rule === 'rule/operation-documents-rate-limit');
      expect(finding, JSON.stringify(findings)).toMatchObject({ linter: 'redocly', severity: 'error', file });
      expect(lineOf(file, finding!.line)).toMatch(/responses:/);
    } finally {
      writeFileSync(join(copy, file), original);
    }
  });

  it('place a Spectral finding on the bundle back in the source file, at its line', async () => {
    const file = 'components/schemas/InstantPaymentStatusResponse.yaml';
    const original = readFileSync(join(copy, file), 'utf8');
    writeFileSync(
      join(copy, file),
      original.replace(
        /^properties:\n/m,
        'properties:\n  Not_camel:\n    type: string\n    maxLength: 8\n    description: A fault.\n',
      ),
    );
    try {
      const findings = await (await createLinter(copy)).spectral(await bundleYaml(copy));
      const finding = findings.find((f) => f.rule === 'klavi-camel-case-properties');
      expect(finding, JSON.stringify(findings)).toMatchObject({ linter: 'spectral', file });
      expect(lineOf(file, finding!.line)).toContain('Not_camel');
    } finally {
      writeFileSync(join(copy, file), original);
    }
  });
});
