// `pnpm check:drift`: the committed generated files must be what the generators produce from the
// sources now. Each generator re-runs in check mode into a scratch folder (no trust in git or the
// turbo cache), then git is asked about files a generator no longer writes; fails and lists the
// files that differ, with the command that fixes them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GENERATED, ROOT } from './generated.mjs';

export { GENERATED };

const CHECKS = [
  ['spec', 'scripts', 'bundle.mjs'],
  ['packages', 'client', 'scripts', 'generate.mjs'],
];

// Run as `pnpm check:drift`; the pipeline test imports GENERATED.
if (import.meta.url === `file://${process.argv[1]}`) {
  const failed = CHECKS.filter(
    (script) =>
      spawnSync(process.execPath, [join(ROOT, ...script), '--check'], {
        cwd: join(ROOT, script[0] === 'spec' ? 'spec' : join(script[0], script[1])),
        stdio: 'inherit',
      }).status !== 0,
  );
  const untracked = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '--', ...GENERATED], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  if (untracked) console.error(`Generated files that git does not track yet:\n${untracked}\nCommit them.`);
  if (failed.length > 0 || untracked) process.exit(1);
  console.log(`generated files match their sources: ${GENERATED.join(', ')}`);
}
