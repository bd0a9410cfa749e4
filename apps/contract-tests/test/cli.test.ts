// The command line: options and environment variables, usage errors, exit codes and report files.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../src/cli.js';

const BIN = fileURLToPath(new URL('../bin/klavi-contract.js', import.meta.url));

describe('parseCli', () => {
  it('reads flags, repeats and environment variables; flags win', () => {
    const options = parseCli(
      [
        '--base-url',
        'https://api-sandbox.klavi.ai',
        '--only',
        'get*',
        '--only',
        'flow',
        '--skip',
        'auth',
        '--seed',
        '9',
        '--report-dir',
        'out',
      ],
      {
        KLAVI_ACCESS_KEY: 'env-key',
        KLAVI_SECRET_KEY: 'env-secret',
        KLAVI_BASE_URL: 'https://ignored.example',
      },
    );
    expect(options).toMatchObject({
      baseUrl: 'https://api-sandbox.klavi.ai',
      credentials: { accessKey: 'env-key', secretKey: 'env-secret' },
      only: ['get*', 'flow'],
      skip: ['auth'],
      seed: 9,
      reportDir: 'out',
    });
    expect(options.managementCredentials).toBeUndefined();
    expect(
      parseCli([], { KLAVI_MANAGEMENT_ACCESS_KEY: 'm', KLAVI_MANAGEMENT_SECRET_KEY: 's' }).managementCredentials,
    ).toEqual({ accessKey: 'm', secretKey: 's' });
  });

  it('names what is wrong', () => {
    const error = (argv: string[], env = {}) => {
      try {
        parseCli(argv, env);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error(['--base-url', 'https://x.example'])).toMatch(/--base-url needs --access-key and --secret-key/);
    expect(error(['--access-key', 'k'])).toBe('Customer credentials: --access-key was given without --secret-key');
    expect(error(['--management-secret-key', 's'])).toBe(
      'Management credentials: --management-secret-key was given without --management-access-key',
    );
    expect(error(['--base-url', 'ftp://x'])).toMatch(/--base-url must be an http\(s\) URL/);
    expect(error(['--seed', '12x'])).toMatch(/--seed must be a whole number/);
    expect(error(['--colour'])).toMatch(/Unknown option '--colour'/);
  });
});

describe('the klavi-contract bin', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout: 120_000,
    });

  it('exits 2 with the usage on a bad option', () => {
    const result = run(['--seed', 'abc']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--seed must be a whole number[\s\S]*Usage: klavi-contract/);
  });

  it('prints the help and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: klavi-contract/);
  });

  it('certifies the embedded sandbox, prints the table and coverage, writes reports, exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klavi-contract-cli-'));
    const result = run(['--only', 'listMerchantApps', '--seed', '3', '--report-dir', dir]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/the sandbox simulator, in-process · seed 3 \(reproduce with --seed 3\)/);
    expect(result.stdout).toMatch(/^listMerchantApps\s+✓/m);
    expect(result.stdout).toMatch(/^Coverage: \d+ of \d+ documented operation × status pairs exercised/m);
    expect(result.stdout).toMatch(/^Checks: \d+ passed, 0 failed/m);
    expect(existsSync(join(dir, 'junit.xml'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).totals.fail).toBe(0);
    // Progress goes to stderr, one line per suite when not on a terminal.
    expect(result.stderr).toMatch(/^positive: \d+ cases, \d+ checks, 0 failed$/m);
  });

  it('exits 1 and names the failure when the server cannot be reached', async () => {
    // No server listens here: the run stops after the first request and says why.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = run(['--base-url', `http://127.0.0.1:${port}`, '--access-key', 'k', '--secret-key', 's', '--quiet']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ createCustomerAccessToken · not_a_server_error/);
    expect(result.stdout).toMatch(
      /no response: the connection was refused \(ECONNREFUSED\): nothing listens at that address/,
    );
    expect(result.stdout).toMatch(
      /^run stopped: the run stopped at its first request: the CustomerBearer token request got no answer: the connection was refused/m,
    );
  });

  it('reads the limits flags, and names a bad value', () => {
    expect(parseCli(['--request-timeout', '2.5', '--max-time', '60', '--max-response-size', '2MB'])).toMatchObject({
      requestTimeoutMs: 2500,
      maxTimeMs: 60_000,
      maxResponseBytes: 2 * 1024 * 1024,
    });
    expect(parseCli(['--max-response-size', '65536']).maxResponseBytes).toBe(65536);
    expect(() => parseCli(['--request-timeout', '0'])).toThrow(/--request-timeout must be a number of seconds above 0/);
    expect(() => parseCli(['--max-time', 'soon'])).toThrow(/--max-time must be a number of seconds/);
    expect(() => parseCli(['--max-response-size', '10 parsecs'])).toThrow(
      /--max-response-size must be a size from 1kB to 256MB/,
    );
    expect(() => parseCli(['--max-response-size', '12'])).toThrow(
      /--max-response-size must be a size from 1kB to 256MB/,
    );
    expect(() => parseCli(['--max-response-size', '1GB'])).toThrow(
      /--max-response-size must be a size from 1kB to 256MB/,
    );
  });

  it('exits 1 when nothing was checked', () => {
    const result = run(['--only', 'no-such-case', '--quiet']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/nothing was checked/);
  });
});
