// Builds the API reference into dist/: the bundled spec enriched with generated code samples and
// an extended introduction (dist/openapi.json), the state-machine diagrams (dist/*.svg), and the
// page itself, rendered by `redocly build-docs` with the Redoc bundle inlined (dist/index.html),
// so the site works offline, with the "Try it" console (scripts/console.mjs) added to it.
import { execFileSync } from 'node:child_process';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL } from '@klavi-pay/spec/model';
import { addAccessibility } from './accessibility.mjs';
import { addConsole } from './console.mjs';
import { addDeepLinks } from './deep-links.mjs';
import { keepOffline, LOCAL_ASSETS } from './offline.mjs';
import { pageDocument } from './page-document.mjs';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(appDir, 'dist');
const require = createRequire(import.meta.url);

/**
 * `specPath` and `outDir` exist for the tests; the defaults are the bundle and dist/.
 * @param {{ specPath?: string, outDir?: string }} [options]
 * @returns {Promise<{ operations: number, diagrams: number, weight: { html: number, gzip: number, brotli: number } }>}
 */
export async function build({ specPath = require.resolve('@klavi-pay/spec/openapi.json'), outDir = dist } = {}) {
  // The model the spec package publishes, made by the same bundle as openapi.json.
  const model = MODEL;
  const { spec, diagrams } = await pageDocument(JSON.parse(readFileSync(specPath, 'utf8')), model);

  // Built beside outDir and swapped in whole: a server reading dist/ (pnpm dev serves it while
  // this runs in the background) never finds index.html missing or half-written.
  mkdirSync(dirname(outDir), { recursive: true });
  const next = mkdtempSync(`${outDir}.next-`);
  /** The page's weight in bytes: as built, gzipped and brotli-compressed. */
  let weight = { html: 0, gzip: 0, brotli: 0 };
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
      // REDOCLY_TELEMETRY as well as redocly.yaml's `telemetry: off`: no usage report either way.
      { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
    );
    const page = join(next, 'index.html');
    writeFileSync(
      page,
      addAccessibility(addDeepLinks(keepOffline(addConsole(readFileSync(page, 'utf8'), spec, model)))),
    );
    for (const [file, contents] of Object.entries(LOCAL_ASSETS)) writeFileSync(join(next, file), contents);
    // Compressed beside it, for the server to send to a browser that accepts them (sirv picks
    // .br, then .gz): the page is one large HTML file. Brotli at quality 9, not 11: a tenth of the
    // time for a few per cent more bytes, and the build is on the API team's edit loop.
    const html = readFileSync(page);
    const gzip = gzipSync(html, { level: 9 });
    const brotli = brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } });
    writeFileSync(`${page}.gz`, gzip);
    writeFileSync(`${page}.br`, brotli);
    weight = { html: html.length, gzip: gzip.length, brotli: brotli.length };
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
  return { operations: model.operations.length, diagrams: diagrams.length, weight };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { operations, diagrams, weight } = await build();
  const kb = (/** @type {number} */ bytes) => `${Math.round(bytes / 1024)} KiB`;
  console.log(
    `built dist/index.html: ${operations} operations, ${diagrams} state-machine diagrams; ${kb(weight.html)}, sent as ${kb(weight.brotli)} (brotli) or ${kb(weight.gzip)} (gzip)`,
  );
}
