// Type-checks TypeScript files as a reader's project would: written to `dir` (under the docs app, so
// that @klavi-pay/client resolves) with the repo's strict settings, checked by tsc.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** tsc's report on `files` (name → source); empty when they compile. */
export function typecheck(dir: string, files: Record<string, string>): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: relative(dir, join(appDir, '..', '..', 'tsconfig.base.json')),
      compilerOptions: { types: ['node'], lib: ['ES2023', 'DOM'] },
      include: ['*.ts'],
    }),
  );
  try {
    execFileSync(join(appDir, 'node_modules', '.bin', 'tsc'), ['-p', join(dir, 'tsconfig.json')], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}
