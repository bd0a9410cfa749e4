// The spec package's own watch: re-bundles (spec/dist) and re-lints with both linters on every
// save, in this one warm process, and prints each finding file:line:column. The repo's `pnpm dev`
// does the same and also updates the open reference page and the client's types.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSource, loadSpecConfig, renderDist } from './bundler.mjs';
import { createLinter } from './linter.mjs';
import { watchSpecSources } from './source-watcher.mjs';
import { LINT_CONFIGURATION, SPEC_SOURCES as WATCHED, specDir } from './tool.mjs';

let config = await loadSpecConfig(specDir);
let linter = await createLinter(specDir, { config });
let running = false;
/** @type {Set<string>} */
const changed = new Set();

async function rebuild() {
  if (running) return;
  running = true;
  const files = [...changed];
  changed.clear();
  console.log(`\n⟳ ${files.length > 0 ? `${files.join(', ')} changed` : 'start'}`);
  try {
    await bundleAndLint(files);
  } catch (error) {
    // A turn that throws must not end the watch: the next save gets its own turn.
    console.log(`✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  running = false;
  if (changed.size > 0) await rebuild();
}

/** @param {string[]} files */
async function bundleAndLint(files) {
  if (files.some((file) => LINT_CONFIGURATION.test(file))) {
    config = await loadSpecConfig(specDir);
    linter = await createLinter(specDir, { config });
  }
  const bundled = await bundleSource(specDir, config);
  if (!bundled.ok) {
    for (const p of bundled.problems) console.log(`✖ ${p.file}:${p.line}:${p.column} ${p.message} (${p.ruleId})`);
    console.log('✖ bundle failed');
  } else {
    const { files: dist } = await renderDist(bundled.document);
    const scratch = mkdtempSync(join(specDir, '.dist-next-'));
    mkdirSync(join(specDir, 'dist'), { recursive: true });
    for (const [name, contents] of dist) {
      writeFileSync(join(scratch, name), contents);
      renameSync(join(scratch, name), join(specDir, 'dist', name));
    }
    rmSync(scratch, { recursive: true, force: true });
    const findings = [...(await linter.redocly()), ...(await linter.spectral(dist.get('openapi.yaml')))];
    for (const f of findings)
      console.log(
        `${f.severity === 'error' ? '✖' : '⚠'} ${f.file}:${f.line}:${f.column} ${f.message} (${f.linter} ${f.rule})`,
      );
    console.log(
      findings.length === 0 ? '✔ bundled, lint clean' : `✔ bundled, lint found ${findings.length} problem(s)`,
    );
  }
}

const watcher = watchSpecSources(specDir, {
  onChange: (files) => {
    for (const file of files) changed.add(file);
    void rebuild();
  },
  onError: (error) => console.log(`⚠ watching the spec: ${error.message}`),
});
await watcher.ready;
console.log(`watching ${WATCHED.join(', ')} — edit the spec and save`);
await rebuild();
