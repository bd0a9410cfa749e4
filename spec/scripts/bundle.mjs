// Bundles the multi-file source into two self-contained OpenAPI 3.1 documents, and writes the
// normalised model of the bundle (operations, state machines, business rules) that every other
// package reads: dist/model.js with its declaration dist/model.d.ts; and the spec as TypeScript
// types, openapi-typescript's output: dist/types.d.ts (`@klavi-pay/spec/types`), which the client,
// the sandbox and the certifier import rather than each generating their own.
// `--check` bundles into a scratch folder and fails when dist/ differs: the drift check, which
// does not trust git or turbo to say whether the committed bundle is current.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleSource, renderDist } from './bundler.mjs';
import { specDir } from './tool.mjs';

const check = process.argv.includes('--check');
const dist = join(specDir, 'dist');
// The bundle is written to a scratch folder first. In check mode that is all; otherwise each file
// is then renamed into dist/, which replaces it atomically: a reader (another package's tests, the
// docs watcher) never finds dist/openapi.json missing or half-written while a bundle runs. The
// scratch folder sits beside dist/, on the same file system, so the rename is a rename.
const out = mkdtempSync(check ? join(tmpdir(), 'klavi-bundle-') : join(specDir, '.dist-next-'));
const bundled = await bundleSource(specDir);
if (!bundled.ok) {
  rmSync(out, { recursive: true, force: true });
  for (const p of bundled.problems) console.error(`${p.file}:${p.line}:${p.column} ${p.message} (${p.ruleId})`);
  console.error(`✖ the spec does not bundle: ${bundled.problems.length} problem(s)`);
  process.exit(1);
}
const { files, model } = await renderDist(bundled.document);
for (const [name, contents] of files) writeFileSync(join(out, name), contents);

if (!check) {
  mkdirSync(dist, { recursive: true });
  const written = new Set(readdirSync(out));
  for (const name of written) renameSync(join(out, name), join(dist, name));
  // A file dropped from the set does not linger.
  for (const name of readdirSync(dist))
    if (!written.has(name)) rmSync(join(dist, name), { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}

if (check) {
  const names = new Set([...readdirSync(out), ...readdirSync(dist)]);
  const read = (dir, name) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const stale = [...names].filter((name) => read(out, name) !== read(dist, name));
  rmSync(out, { recursive: true, force: true });
  if (stale.length > 0) {
    for (const name of stale) console.error(`stale: ${relative(join(specDir, '..'), join(dist, name))}`);
    console.error('The committed bundle is not what the spec sources produce. Run `pnpm build` and commit spec/dist.');
    process.exit(1);
  }
  console.log(`spec/dist is up to date with the spec sources (${[...names].sort().join(', ')})`);
} else {
  // Under turbo in this repo, tell its guard what this task hash produced (scripts/generated.mjs).
  const guard = join(specDir, '..', 'scripts', 'generated.mjs');
  if (process.env.TURBO_HASH && existsSync(guard))
    (await import(pathToFileURL(guard).href)).recordGenerated('spec/dist');
  console.log(
    `wrote the model of ${model.operations.length} operations and ${Object.keys(model.stateMachines).length} state machines to dist/model.js`,
  );
}
