// Every code sample of every operation, in every language the page offers, run against a sandbox
// in this process, as a merchant would run it: its own file, its own runtime, the keys in the
// environment, and a resource of its own where the operation needs one (support/sample-fixtures).
// Each must exit 0 having printed the API's 2xx answer; a failure names the language, the
// operation and what the sample printed. The runtimes are setup's (scripts/ensure-runtimes.mjs):
// a missing one fails here rather than leave its language untested.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, type Sandbox } from '@klavi-pay/sandbox';
import { MODEL } from '@klavi-pay/spec/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../scripts/samples/index.mjs';
import { sampleRequest, withPathParams } from '../scripts/samples/request.mjs';
import { brasiliaDate, fixtures, sampleEnv } from './support/sample-fixtures.js';
import { missingRuntimes, RUNTIMES } from '../../../scripts/ensure-runtimes.mjs';
import { RUNNERS } from './support/sample-runners.js';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));
/**
 * The samples send today's date in Brasília where a date must not be past (D-51), computed as they
 * run, as a merchant's copy would. The sandbox's today is that same day: its clock starts at 09:00 in
 * Brasília today, so that the fixtures, which move it on by hours, do not carry it past midnight.
 */
const SANDBOX_START = new Date(`${brasiliaDate(Date.now())}T12:00:00Z`);
/** Longest one sample may run (a Go or Java start included) before it counts as failed. */
const SAMPLE_TIMEOUT_MS = 60_000;

let sandbox: Sandbox;
let work: string;
let made: ReturnType<typeof fixtures>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, clock: SANDBOX_START });
  made = fixtures(sandbox, spec);
  work = mkdtempSync(join(tmpdir(), 'klavi-samples-'));
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the code samples, run', () => {
  it('have a runner for every language the page offers, and every runtime installed', async () => {
    expect(LANGUAGES.map((l) => l.label).filter((label) => !RUNNERS[label])).toEqual([]);
    // Every language but those that run on Node has what it runs on installed by setup.
    const onNode = new Set(['@klavi-pay/client', 'JavaScript (fetch)']);
    const served = new Set(RUNTIMES.flatMap((runtime) => runtime.languages));
    expect(LANGUAGES.map((l) => l.label).filter((label) => !onNode.has(label) && !served.has(label))).toEqual([]);
    // The checks setup makes, so that what setup installs and what the samples run on agree.
    expect(
      missingRuntimes().map((runtime) => runtime.name),
      'run `npm run setup` (scripts/ensure-runtimes.mjs)',
    ).toEqual([]);
  });

  describe.each(LANGUAGES.map((language) => [language.label, language] as const))('%s', (label, language) => {
    it.each(MODEL.operations.map((op) => [op.operationId, op] as const))(
      '%s succeeds against the sandbox',
      async (operationId, op) => {
        const request = withPathParams(sampleRequest(spec, MODEL, op), await made.pathParams(operationId));
        const printed = await runSample(label, operationId, language.render(request));
        // Every sample prints the answer's JSON; the answer is the API's 2xx body.
        expect(() => JSON.parse(printed), `${label} ${operationId} printed:\n${printed}`).not.toThrow();
      },
      SAMPLE_TIMEOUT_MS * 2,
    );
  });

  it('would catch a sample that does not authenticate, or sends a body the API refuses', async () => {
    const python = LANGUAGES.find((l) => l.label === 'Python')!;
    const read = MODEL.operations.find((o) => o.operationId === 'getInstantPayment')!;
    const request = withPathParams(sampleRequest(spec, MODEL, read), await made.pathParams('getInstantPayment'));
    const unauthenticated = python.render(request).replace('token=token', 'token=None');
    await expect(runSample('Python', 'getInstantPayment', unauthenticated)).rejects.toThrow(/HTTP Error 401/);
    const create = MODEL.operations.find((o) => o.operationId === 'createInstantPayment')!;
    const badAmount = python.render(sampleRequest(spec, MODEL, create)).replace('"1333.00"', '"13.3"');
    await expect(runSample('Python', 'createInstantPayment', badAmount)).rejects.toThrow(/HTTP Error 400/);
  });
});

/** Runs `source` as `label`'s runner does, in a directory of its own; what it printed, or the failure. */
async function runSample(label: string, operationId: string, source: string): Promise<string> {
  const dir = join(work, `${label.replace(/\W+/g, '-')}-${operationId}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  const [command, args] = await RUNNERS[label]!.prepare(dir, source, sandbox.url);
  // Tokens fresh for each run: a fixture may have moved the sandbox's clock past an older one.
  const env = await sampleEnv(sandbox);
  try {
    const output = await exec(command, args, {
      cwd: dir,
      env: { ...process.env, ...env },
      timeout: SAMPLE_TIMEOUT_MS,
      maxBuffer: 4 * 1024 * 1024,
    });
    return output.stdout.trim();
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(
      `${label} ${operationId} exited ${failed.code}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}\n--- the sample ---\n${source}`,
    );
  }
}
