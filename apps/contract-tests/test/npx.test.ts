// klavi-contract as a merchant gets it: the packed tarballs (it and the workspace packages it
// depends on) installed into a scratch folder outside the repo, and run through npx against a
// klavi-sandbox started from the same install, in its own process.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** klavi-contract and the workspace packages it installs with, by directory. */
const PACKED = {
  '@klavi-pay/contract-tests': 'apps/contract-tests',
  '@klavi-pay/client': 'packages/client',
  '@klavi-pay/sandbox': 'packages/sandbox',
  '@klavi-pay/openapi-runtime': 'packages/openapi-runtime',
  '@klavi-pay/spec': 'spec',
};

let scratch: string;
let sandbox: ChildProcess | undefined;

beforeAll(() => {
  // realpath: npx must see a folder with no workspace above it, as outside this repo.
  scratch = realpathSync(mkdtempSync(join(tmpdir(), 'klavi-npx-')));
  const tarballs: Record<string, string> = {};
  for (const [name, dir] of Object.entries(PACKED)) {
    execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: join(repo, dir), stdio: 'ignore' });
    const file = readdirSync(scratch).find((f) => f.startsWith(name.slice(1).replace('/', '-')) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack made no tarball for ${name}`);
    tarballs[name] = `file:${join(scratch, file)}`;
  }
  // A merchant installs the certifier and the sandbox; the workspace packages are not on the
  // registry yet, so overrides point every one of them at its tarball.
  const direct = {
    '@klavi-pay/contract-tests': tarballs['@klavi-pay/contract-tests'],
    '@klavi-pay/sandbox': tarballs['@klavi-pay/sandbox'],
  };
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify(
      { name: 'merchant-certification', private: true, dependencies: direct, pnpm: { overrides: tarballs } },
      null,
      2,
    ),
  );
  // Versions come from the store this repo's install filled; only registry metadata may be fetched.
  const install = spawnSync('pnpm', ['install', '--prefer-offline', '--config.confirmModulesPurge=false'], {
    cwd: scratch,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`pnpm install in ${scratch} failed:\n${install.stdout}\n${install.stderr}`);
}, 180_000);

/**
 * Stops a process started through npx and everything it started. npx runs the bin as a child of
 * its own and does not pass SIGTERM on: killing npx alone left a sandbox running after every test
 * run. So each is started in a process group of its own, and the group is ended, SIGKILL after 5 s.
 */
async function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid) return;
  const alive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-child.pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive()) process.kill(-child.pid, 'SIGKILL');
}

afterAll(async () => {
  await stopGroup(sandbox);
  rmSync(scratch, { recursive: true, force: true });
});

// CI sets CI=true, which turns picocolors on: the report's counts would be wrapped in colour codes.
const PLAIN = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const npx = (args: string[]) =>
  spawnSync('npx', ['--no-install', ...args], { cwd: scratch, encoding: 'utf8', timeout: 120_000, env: PLAIN });

describe('npx klavi-contract, installed from the packed tarballs', () => {
  it('prints its usage', () => {
    const result = npx(['klavi-contract', '--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: klavi-contract');
  });

  it('certifies a klavi-sandbox in its own process, every check passing', async () => {
    sandbox = spawn('npx', ['--no-install', 'klavi-sandbox', '--port', '0', '--quiet', '--seed', '3'], {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    sandbox.stdout!.on('data', (chunk) => (output += chunk));
    sandbox.stderr!.on('data', (chunk) => (output += chunk));
    while (!/listening on (http:\S+)/.test(output)) {
      const ended = await Promise.race([
        once(sandbox.stdout!, 'data').then(() => false),
        once(sandbox, 'exit').then(() => true),
      ]);
      if (ended) throw new Error(`klavi-sandbox exited: ${output}`);
    }
    const url = /listening on (http:\S+)/.exec(output)![1]!;
    const result = npx([
      'klavi-contract',
      '--base-url',
      url,
      '--access-key',
      'sandbox-customer-key',
      '--secret-key',
      'sandbox-customer-secret',
      '--management-access-key',
      'sandbox-management-key',
      '--management-secret-key',
      'sandbox-management-secret',
      '--seed',
      '7',
      '--report-dir',
      join(scratch, 'reports'),
    ]);
    expect(result.status, result.stdout.slice(-3000) + result.stderr).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ESC-started colour escapes from the CLI's output
    expect(result.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Checks: \d+ passed, 0 failed/);
  }, 180_000);
});

/** What a Dockerfile runs: its ENV, ENTRYPOINT and CMD (exec form), HEALTHCHECK, and whether it installs the packed tarballs (test/images.test.ts checks which). */
function image(dir: string) {
  const text = readFileSync(join(repo, dir, 'Dockerfile'), 'utf8');
  const json = (instruction: string) => {
    const line = new RegExp(`^${instruction} (\\[.*\\])$`, 'm').exec(text)?.[1];
    return line ? (JSON.parse(line) as string[]) : [];
  };
  const env = Object.fromEntries(
    [...text.matchAll(/^ENV (.+)$/gm)].flatMap((m) =>
      m[1]!.split(/\s+/).map((pair) => pair.split('=') as [string, string]),
    ),
  );
  const health = /^HEALTHCHECK .*CMD (\[.*\])$/m.exec(text)?.[1];
  return {
    env,
    entrypoint: json('ENTRYPOINT'),
    cmd: json('CMD'),
    health: health ? (JSON.parse(health) as string[]) : undefined,
    installsTarballs: /^RUN npm install --global [^\n]*\/tmp\/klavi\/\*\.tgz/m.test(text),
  };
}

describe("the Docker images' entry commands, run outside Docker from the same install", () => {
  it('klavi-sandbox: listens as the image sets it up, and passes its own HEALTHCHECK', async () => {
    const { env, entrypoint, cmd, health, installsTarballs } = image('packages/sandbox');
    expect(installsTarballs).toBe(true);
    expect(entrypoint).toEqual(['klavi-sandbox']);
    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '4010' });
    // The image's own port may be taken on a test machine: any free one, as `-p` would map it.
    const child = spawn('npx', ['--no-install', ...entrypoint, ...cmd, '--quiet'], {
      cwd: scratch,
      env: { ...process.env, ...env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      while (!/listening on http:\/\/127\.0\.0\.1:(\d+)/.test(output)) {
        const ended = await Promise.race([
          once(child.stdout!, 'data').then(() => false),
          once(child, 'exit').then(() => true),
        ]);
        if (ended) throw new Error(`the entry command exited: ${output}`);
      }
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]!;
      expect(health?.[0]).toBe('node');
      const check = spawnSync(process.execPath, health!.slice(1), {
        env: { ...process.env, PORT: port },
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(check.status, check.stderr).toBe(0);
    } finally {
      await stopGroup(child);
    }
  }, 60_000);

  it('klavi-contract: certifies the embedded sandbox when given no arguments', () => {
    const { entrypoint, cmd, installsTarballs } = image('apps/contract-tests');
    expect(installsTarballs).toBe(true);
    expect(entrypoint).toEqual(['klavi-contract']);
    const result = npx([...entrypoint, ...cmd, '--quiet', '--seed', '5']);
    expect(result.status, result.stdout.slice(-2000) + result.stderr).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ESC-started colour escapes from the CLI's output
    expect(result.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Checks: \d+ passed, 0 failed/);
  }, 120_000);
});
