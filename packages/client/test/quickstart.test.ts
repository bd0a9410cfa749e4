// examples/quickstart.mjs: the client's whole journey against an embedded sandbox, as the repo's
// `pnpm start` runs it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('examples/quickstart.mjs', () => {
  it('runs the whole journey against an embedded sandbox', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'examples', 'quickstart.mjs')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A hung journey is ended, not left running past the test.
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const [code] = await once(child, 'exit').finally(() => clearTimeout(guard));
    expect(output).toContain('settled: PAYMENT_COMPLETED');
    expect(output).toContain('every response matched the OpenAPI spec');
    expect(code).toBe(0);
  });
});
