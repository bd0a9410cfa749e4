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

async function waitFor(text: string, occurrences: number, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (output.split(text).length - 1 < occurrences) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for "${text}" ×${occurrences}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const STATUS_PATH = '/payment/customer/v1/instant/payments/{id}/status';
const summaryInDist = () => {
  try {
    return JSON.parse(readFileSync(join(copy, 'dist', 'openapi.json'), 'utf8')).paths[STATUS_PATH].get.summary;
  } catch {
    return undefined;
  }
};

/**
 * Waits until the bundle holds `summary` and the watch has said it bundled since: the state a save
 * leads to, however many turns it took (a count of turns would race with a turn already under way).
 * The bound is for a hang: a turn takes seconds when every package's tests share the machine.
 */
async function waitForSummary(summary: string, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (summaryInDist() !== summary || !/✔ bundled[^\n]*\n?$/.test(output.trimEnd())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `timed out waiting for the bundle to say "${summary}" (it says "${summaryInDist()}"):\n${output}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const file = join(copy, 'paths', 'customer_instant_payments_{id}_status.yaml');
const withSummary = (summary: string) => readFileSync(file, 'utf8').replace(/summary: [^\n]+/, `summary: ${summary}`);

describe('dev', () => {
  it('bundles and lints at start, then again after each save, however it is made', async () => {
    await waitFor('✔ bundled, lint clean', 1);
    writeFileSync(file, withSummary('Await the payment status'));
    await waitForSummary('Await the payment status');
    expect(output).toContain('customer_instant_payments_{id}_status.yaml changed');

    // Editors often save by writing a new file and renaming it over the old one; the watcher must
    // keep following the file after that, and notice the next save too.
    writeFileSync(`${file}.tmp`, withSummary('Await the status'));
    renameSync(`${file}.tmp`, file);
    await waitForSummary('Await the status');
    writeFileSync(file, withSummary('Await the status, again'));
    await waitForSummary('Await the status, again');

    // Two saves a few milliseconds apart (a formatter rewriting what the editor saved): the last
    // one is what the bundle shows.
    writeFileSync(file, withSummary('First of two saves'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(file, withSummary('Await for payment status'));
    await waitForSummary('Await for payment status');
    expect(output).not.toContain('.tmp');
  }, 400_000);
});
