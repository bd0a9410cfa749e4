import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, SUITES } from '../src/cli.js';

const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
afterEach(() => {
  stderr.mockClear();
  stdout.mockClear();
});

describe('klavi-bench options', () => {
  it('lists every suite the issue asks for, in order', () => {
    expect(SUITES.map((s) => s.id)).toEqual([
      'pipeline',
      'dev',
      'codegen',
      'client',
      'sandbox',
      'validator',
      'contract',
      'diff',
    ]);
  });

  it('prints its usage with --help', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(String(stdout.mock.calls[0]?.[0])).toMatch(
      /--suite pipeline\|dev\|codegen\|client\|sandbox\|validator\|contract\|diff/,
    );
  });

  it('names an unknown suite and lists the real ones', async () => {
    expect(await main(['--suite', 'client,speed'])).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toBe(
      '--suite: no suite named speed; the suites are pipeline, dev, codegen, client, sandbox, validator, contract, diff\n',
    );
  });

  it('refuses a --runs that is not a whole number of at least 1', async () => {
    expect(await main(['--runs', '0'])).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toBe('--runs must be a whole number of at least 1, got 0\n');
    expect(await main(['--runs', '2.5'])).toBe(2);
  });

  it('refuses an unknown option', async () => {
    expect(await main(['--fast'])).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/Unknown option '--fast'/);
  });

  it('states for every suite what it compares and how', () => {
    for (const suite of SUITES) {
      const method = suite.method(3);
      expect(method.length, suite.id).toBeGreaterThanOrEqual(3);
      expect(method.join(' '), suite.id).toMatch(/3 rounds/);
    }
  });
});
