// One turn of `pnpm dev`'s fast path, in a process that stays warm between saves: bundle the
// source, write what the build writes from it (spec/dist and the client's src/generated, so the
// editor's types follow at once), make the page document, and lint. The turn's verdict decides
// what the open pages see: a source that does not bundle, or that Redocly finds fault with,
// leaves them on the last good document, with the problems on top. Spectral lints the bundle
// behind (seconds), and its findings join the problems when they come.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleData } from '../../apps/docs/scripts/console.mjs';
import { pageDocument } from '../../apps/docs/scripts/page-document.mjs';
import { renderGenerated } from '../../packages/client/scripts/render-generated.mjs';
import { bundleSource, loadSpecConfig, renderDist } from '../../spec/scripts/bundler.mjs';
import { LINT_CONFIGURATION } from '../../spec/scripts/tool.mjs';
import { createLintWorker, latestOnly } from './lint-workers.mjs';

/** @import { Finding } from '../../spec/scripts/linter.mjs' */

/**
 * A problem shown in the terminal and on the page: where, what, and which tool said so.
 * @typedef {{ tool: string, severity: 'error' | 'warning', file: string, line: number, column: number, message: string, rule: string }} Problem
 */
/**
 * What a turn produced. `page` is set when the document is good (it bundles and Redocly passes
 * it); `problems` are what stops it, or nothing. Times are in ms from the turn's start.
 * @typedef {object} TurnResult
 * @property {boolean} ok
 * @property {Problem[]} problems
 * @property {{ spec: unknown, diagrams: Array<{ file: string, svg: string }>, console: unknown } | undefined} page
 * @property {string[]} written the files written (changed ones only), relative to the repo
 * @property {{ bundle: number, types?: number, page?: number, lint?: number }} ms
 */

/** @param {Finding} finding @returns {Problem} */
const problemOf = (finding) => ({
  tool: finding.linter,
  severity: finding.severity,
  file: finding.file,
  line: finding.line,
  column: finding.column,
  message: finding.message,
  rule: finding.rule,
});

/**
 * Writes `files` into `dir`, only those whose contents changed; each through a scratch file in
 * `scratchParent` and a rename, so a reader never sees one half-written.
 * @param {string} dir
 * @param {Map<string, string> | Record<string, string>} files
 * @param {string} scratchParent
 * @returns {string[]} the names written
 */
function writeChanged(dir, files, scratchParent) {
  mkdirSync(dir, { recursive: true });
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const changed = entries.filter(([name, contents]) => {
    try {
      return readFileSync(join(dir, name), 'utf8') !== contents;
    } catch {
      return true;
    }
  });
  if (changed.length === 0) return [];
  const scratch = mkdtempSync(join(scratchParent, '.dist-next-'));
  try {
    for (const [name, contents] of changed) {
      writeFileSync(join(scratch, name), contents);
      renameSync(join(scratch, name), join(dir, name));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return changed.map(([name]) => name);
}

/**
 * @param {object} options
 * @param {string} options.specDir the spec source (spec/)
 * @param {string} options.distDir where the bundle's files go (spec/dist)
 * @param {string} options.clientGeneratedDir the client's src/generated
 * @param {string} options.repoRoot for the names reported as written
 * @param {(problems: Problem[], bundleYaml: string) => void} options.onSpectral Spectral's findings
 *   on the newest bundle, when they come (an empty list when it passes)
 */
export async function createSpecLoop({ specDir, distDir, clientGeneratedDir, repoRoot, onSpectral }) {
  let config = await loadSpecConfig(specDir);
  let redocly = createLintWorker(specDir, 'redocly');
  let spectral = createLintWorker(specDir, 'spectral');
  let closed = false;
  const relativeTo = (/** @type {string} */ dir) => (/** @type {string} */ name) =>
    `${dir.startsWith(repoRoot) ? dir.slice(repoRoot.length + 1) : dir}/${name}`;
  const lintBundle = latestOnly(
    (/** @type {string} */ bundleYaml) => spectral.run(bundleYaml),
    (bundleYaml, result) =>
      // A lint cut short by close() is nobody's finding.
      !closed &&
      onSpectral(
        result instanceof Error
          ? [
              {
                tool: 'spectral',
                severity: 'error',
                file: 'dist/openapi.yaml',
                line: 1,
                column: 1,
                message: result.message,
                rule: 'lint-failed',
              },
            ]
          : result.map(problemOf),
        bundleYaml,
      ),
  );

  return {
    /**
     * Runs one turn. `changed` are the files (relative to specDir) that changed since the last.
     * @param {string[]} [changed]
     * @returns {Promise<TurnResult>}
     */
    async turn(changed = []) {
      const started = performance.now();
      const since = () => Math.round(performance.now() - started);
      if (changed.some((file) => LINT_CONFIGURATION.test(file))) {
        // The rules changed: read them again, and replace the linters that hold the old ones.
        config = await loadSpecConfig(specDir);
        await Promise.all([redocly.close(), spectral.close()]);
        redocly = createLintWorker(specDir, 'redocly');
        spectral = createLintWorker(specDir, 'spectral');
      }
      const bundled = await bundleSource(specDir, config);
      const bundleMs = since();
      if (!bundled.ok)
        return {
          ok: false,
          problems: bundled.problems.map((p) => ({ tool: 'bundle', severity: 'error', rule: p.ruleId, ...p })),
          page: undefined,
          written: [],
          ms: { bundle: bundleMs },
        };
      // Redocly reads the source on its own thread meanwhile.
      const verdict = redocly.run().then(
        (findings) => findings.map(problemOf),
        (/** @type {Error} */ error) => [
          {
            tool: 'redocly',
            severity: /** @type {const} */ ('error'),
            file: 'openapi.yaml',
            line: 1,
            column: 1,
            message: error.message,
            rule: 'lint-failed',
          },
        ],
      );
      const { files, model } = await renderDist(bundled.document);
      const written = [
        ...writeChanged(distDir, files, specDir).map(relativeTo(distDir)),
        ...writeChanged(
          clientGeneratedDir,
          renderGenerated(model, /** @type {string} */ (files.get('types.d.ts'))),
          specDir,
        ).map(relativeTo(clientGeneratedDir)),
      ];
      const typesMs = since();
      const bundleYaml = /** @type {string} */ (files.get('openapi.yaml'));
      lintBundle(bundleYaml);
      const { spec, diagrams } = await pageDocument(bundled.document, model);
      const page = { spec, diagrams, console: consoleData(spec, model) };
      const pageMs = since();
      const problems = await verdict;
      return {
        ok: problems.length === 0,
        problems,
        page: problems.length === 0 ? page : undefined,
        written,
        ms: { bundle: bundleMs, types: typesMs, page: pageMs, lint: since() },
      };
    },
    async close() {
      closed = true;
      await Promise.all([redocly.close(), spectral.close()]);
    },
  };
}
