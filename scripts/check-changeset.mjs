// `pnpm changeset:check`: the pending changesets must claim at least the bump that the spec's
// change calls for. The verdict comes from @klavi-pay/openapi-diff on the main branch's bundle and
// the working one: breaking → major, other API changes → minor, wording → patch. It applies to the
// spec and to the client, whose types are generated from it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import readChangesetsModule from '@changesets/read';
import { defaultBase, splitArgs } from './spec-diff.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readChangesets = readChangesetsModule.default ?? readChangesetsModule;
export const SPEC_PACKAGES = ['@klavi-pay/spec', '@klavi-pay/client'];
const ORDER = ['none', 'patch', 'minor', 'major'];

/** The highest bump the changesets claim for each package. */
export function claimed(changesets) {
  const bumps = new Map();
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      if (ORDER.indexOf(release.type) > ORDER.indexOf(bumps.get(release.name) ?? 'none'))
        bumps.set(release.name, release.type);
    }
  }
  return bumps;
}

/** What is missing: one message per package whose claimed bump is below the verdict. */
export function judge(verdict, bumps, packages = SPEC_PACKAGES) {
  if (verdict === 'none') return [];
  return packages
    .filter((name) => ORDER.indexOf(bumps.get(name) ?? 'none') < ORDER.indexOf(verdict))
    .map(
      (name) =>
        `${name}: the spec change is ${verdict === 'major' ? 'breaking (major)' : verdict}, but the changesets claim ${bumps.get(name) ?? 'nothing'}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { base = defaultBase() } = splitArgs(process.argv.slice(2));
  if (!base) {
    console.error('changeset:check: no main branch to compare with (tried origin/main and main); pass --base REF');
    process.exit(2);
  }
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'spec-diff.mjs'), '--base', base, '--verdict'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const verdict = result.stdout.trim().split('\n').at(-1);
  if (!ORDER.includes(verdict)) {
    console.error(`changeset:check: could not get a verdict from spec:diff (got "${result.stdout.trim()}")`);
    process.exit(2);
  }
  const problems = judge(verdict, claimed(await readChangesets(root)));
  if (problems.length > 0) {
    console.error(
      `${problems.join('\n')}\nAdd a changeset with \`pnpm changeset\` (see .changeset/README.md), and see \`pnpm spec:diff\` for what changed.`,
    );
    process.exit(1);
  }
  console.log(`spec change since ${base}: ${verdict}; the changesets claim enough.`);
}
