import { describe, expect, it } from 'vitest';
import { runContract } from '../src/suites/contract.js';

describe('runContract', () => {
  it('times the klavi-contract bin and reads the checks and requests from its report', async () => {
    const run = await runContract(['--only', 'methods/**']);
    expect(run.wallMs).toBeGreaterThan(0);
    expect(run.requests).toBeGreaterThan(0);
    expect(run.checks).toBeGreaterThan(run.requests);
  });

  it('refuses to time a run that failed', async () => {
    await expect(
      runContract([
        '--only',
        'methods/**',
        '--base-url',
        'http://127.0.0.1:9',
        '--access-key',
        'a',
        '--secret-key',
        'b',
      ]),
    ).rejects.toThrow(/klavi-contract exited with 1/);
  });
});
