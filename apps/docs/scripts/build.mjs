// Builds the API reference into dist/: the bundled spec enriched with generated code samples and
// an extended introduction (dist/openapi.json), the state-machine diagrams (dist/*.svg), and the
// page itself, rendered by `redocly build-docs` with the Redoc bundle inlined (dist/index.html),
// so the site works offline, with the "Try it" console (scripts/console.mjs) added to it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL } from '@klavi-pay/spec/model';
import { addConsole } from './console.mjs';
import { pageDocument } from './page-document.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(appDir, 'dist');
const require = createRequire(import.meta.url);

/**
 * `specPath` and `outDir` exist for the tests; the defaults are the bundle and dist/.
 * @param {{ specPath?: string, outDir?: string }} [options]
 * @returns {Promise<{ operations: number, diagrams: number }>}
 */
export async function build({ specPath = require.resolve('@klavi-pay/spec/openapi.json'), outDir = dist } = {}) {
  // The model the spec package publishes, made by the same bundle as openapi.json.
  const model = MODEL;
  const { spec, diagrams } = await pageDocument(JSON.parse(readFileSync(specPath, 'utf8')), model);

  // Built beside outDir and swapped in whole: a server reading dist/ (pnpm dev serves it while
  // this runs in the background) never finds index.html missing or half-written.
  mkdirSync(dirname(outDir), { recursive: true });
  const next = mkdtempSync(`${outDir}.next-`);
  try {
    writeFileSync(join(next, 'openapi.json'), `${JSON.stringify(spec, null, 2)}\n`);
    for (const { file, svg } of diagrams) writeFileSync(join(next, file), svg);

    const redocly = join(appDir, 'node_modules', '.bin', 'redocly');
    execFileSync(
      redocly,
      [
        'build-docs',
        join(next, 'openapi.json'),
        '--output',
        join(next, 'index.html'),
        '--inlineBundle',
        '--title',
        `${spec.info.title} reference`,
        '--config',
        join(appDir, 'redocly.yaml'),
      ],
      { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const page = join(next, 'index.html');
    writeFileSync(page, addConsole(readFileSync(page, 'utf8'), spec, model));
    const old = `${next}.old`;
    try {
      renameSync(outDir, old);
    } catch {
      // no earlier build
    }
    renameSync(next, outDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
  return { operations: model.operations.length, diagrams: diagrams.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { operations, diagrams } = await build();
  console.log(`built dist/index.html: ${operations} operations, ${diagrams} state-machine diagrams`);
}
