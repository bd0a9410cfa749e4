// `pnpm check:drift`: the committed generated files must be what the build produces. Run after
// `pnpm build`; fails and lists the files that differ, with the command that fixes them.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED = ['spec/dist', 'packages/client/src/generated'];

// Run as `pnpm check:drift`; the pipeline test imports GENERATED.
if (import.meta.url === `file://${process.argv[1]}`) {
  const check = spawnSync(process.execPath, [join(root, 'packages', 'client', 'scripts', 'generate.mjs'), '--check'], { cwd: root, stdio: 'inherit' });
  const diff = spawnSync('git', ['status', '--porcelain', '--', ...GENERATED], { cwd: root, encoding: 'utf8' });
  const changed = diff.stdout.trim();
  if (check.status !== 0 || changed) {
    if (changed) console.error(`Generated files differ from the committed ones:\n${changed}\nRun \`pnpm build\` and commit the result.`);
    process.exit(1);
  }
  console.log(`generated files match the build: ${GENERATED.join(', ')}`);
}
