// pay.mjs runs as a merchant would run it, `node pay.mjs`, against the embedded sandbox and
// against one given by KLAVI_BASE_URL; its exit code says whether the payment was paid.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@klavi-pay/sandbox';
import { describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'pay.mjs');

async function pay(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  return { code: code as number, output };
}

describe('node pay.mjs', () => {
  it('pays on the embedded sandbox and exits 0', async () => {
    const { code, output } = await pay();
    expect(output).toMatch(/^payment [0-9a-f-]{36}: CONSENT_AWAITING_AUTHORIZATION$/m);
    expect(output).toContain('approved at the sandbox bank');
    expect(output).toContain('ended PAYMENT_COMPLETED');
    expect(code).toBe(0);
  });

  it('talks to the server KLAVI_BASE_URL names, and exits 1 when the payment is not paid', async () => {
    const sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      const { code, output } = await pay({
        KLAVI_BASE_URL: sandbox.url,
        KLAVI_ACCESS_KEY: 'sandbox-customer-key',
        KLAVI_SECRET_KEY: 'sandbox-customer-secret',
        AMOUNT: '42.01',
      });
      expect(output).toContain('ended PAYMENT_REJECTED (SALDO_INSUFICIENTE)');
      expect(code).toBe(1);
      expect(sandbox.state.count('instant')).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("exits 1 with the API's message on refused credentials", async () => {
    const sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      const { code, output } = await pay({
        KLAVI_BASE_URL: sandbox.url,
        KLAVI_ACCESS_KEY: 'wrong',
        KLAVI_SECRET_KEY: 'wrong',
      });
      expect(output).toContain('Invalid accessKey or secretKey');
      expect(code).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});
