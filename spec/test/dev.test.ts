// `dev` re-bundles the spec when a source file changes. It runs on a copy of the spec so the
// real files are never touched.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { specDir } from './support/spec.js';

const copy = mkdtempSync(join(tmpdir(), 'klavi-spec-dev-'));
for (const entry of [
  'openapi.yaml',
  'paths',
  'webhooks',
  'components',
  'rules',
  'scripts',
  'redocly.yaml',
  '.spectral.yaml',
  '.redocly.lint-ignore.yaml',
  'package.json',
]) {
  cpSync(join(specDir, entry), join(copy, entry), { recursive: true });
}
symlinkSync(join(specDir, 'node_modules'), join(copy, 'node_modules'), 'dir');

const child = spawn(process.execPath, ['scripts/dev.mjs'], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

afterAll(() => {
  child.kill();
  rmSync(copy, { recursive: true, force: true });
});

async function waitFor(text: string, occurrences: number, timeoutMs = 45_000): Promise<void> {
  const started = Date.now();
  while (output.split(text).length - 1 < occurrences) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for "${text}" ×${occurrences}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('dev', () => {
  it('bundles and lints at start, then again after an edit', async () => {
    await waitFor('✔ bundled, lint clean', 1);
    const file = join(copy, 'paths', 'customer_instant_payments_{id}_status.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('summary: Await for payment status', 'summary: Await the payment status'),
    );
    await waitFor('✔ bundled', 2);
    expect(output).toContain('customer_instant_payments_{id}_status.yaml changed');
    const bundle = JSON.parse(readFileSync(join(copy, 'dist', 'openapi.json'), 'utf8'));
    expect(bundle.paths['/payment/customer/v1/instant/payments/{id}/status'].get.summary).toBe(
      'Await the payment status',
    );

    // Editors often save by writing a new file and renaming it over the old one; the watcher must
    // keep following the file after that, and notice the next save too.
    writeFileSync(
      `${file}.tmp`,
      readFileSync(file, 'utf8').replace('summary: Await the payment status', 'summary: Await the status'),
    );
    renameSync(`${file}.tmp`, file);
    await waitFor('✔ bundled', 3);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('summary: Await the status', 'summary: Await for payment status'),
    );
    await waitFor('✔ bundled', 4);
    const after = JSON.parse(readFileSync(join(copy, 'dist', 'openapi.json'), 'utf8'));
    expect(after.paths['/payment/customer/v1/instant/payments/{id}/status'].get.summary).toBe(
      'Await for payment status',
    );
  }, 120_000);
});
