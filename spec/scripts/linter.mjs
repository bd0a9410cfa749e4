// Both linters of `pnpm lint` (linters.mjs), in process and kept warm: Redocly on the multi-file
// source, Spectral on the bundle. `pnpm dev` lints every save with them, and reports each finding
// as file:line:column in the file the author edits. The rulesets are the same files the CLIs read
// (redocly.yaml with .redocly.lint-ignore.yaml, .spectral.yaml), so the verdicts are the same.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { lint } from '@redocly/openapi-core';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { loadSpecConfig, locate } from './bundler.mjs';

/** @import { Config } from '@redocly/openapi-core' */

/**
 * One finding. `file` is relative to the spec folder; `line` and `column` count from 1.
 * @typedef {{ linter: 'redocly' | 'spectral', severity: 'error' | 'warning', rule: string, message: string, file: string, line: number, column: number }} Finding
 */

// Spectral as its CLI runs it: the CLI's own ruleset loader (it bundles the extends, the OWASP
// package included, and the custom functions), and the core and parsers the CLI resolves, so the
// Ruleset it makes is the class the linter knows. The CLI publishes no exports map: these paths
// are its files, pinned by the catalog's version.
const cli = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-cli/package.json'));
const { getRuleset } = cli('./dist/services/linter/utils/getRuleset.js');
const { Document, Spectral } = cli('@stoplight/spectral-core');
const Parsers = cli('@stoplight/spectral-parsers');
// Spectral's severities: 0 error, 1 warning, 2 info, 3 hint. `pnpm lint` fails on warnings too.
const SPECTRAL_FAILING = new Set([0, 1]);

/**
 * @param {string} specDir
 * @param {{ config?: Config }} [options] the Redocly config, when the caller has loaded it already
 */
export async function createLinter(specDir, { config } = {}) {
  const redoclyConfig = config ?? (await loadSpecConfig(specDir));
  const spectral = new Spectral();
  spectral.setRuleset(await getRuleset(join(specDir, '.spectral.yaml')));
  // The overrides of .spectral.yaml name the bundle's path, so the document must carry it.
  const bundlePath = join(specDir, 'dist', 'openapi.yaml');

  return {
    /**
     * Redocly on the multi-file source under `specDir`, as it is on disk now.
     * @returns {Promise<Finding[]>}
     */
    async redocly() {
      const problems = await lint({ ref: join(specDir, 'openapi.yaml'), config: redoclyConfig });
      /** @type {Finding[]} */
      const findings = [];
      for (const problem of problems) {
        if (problem.ignored || problem.severity === 'off') continue;
        const where = locate(problem, specDir);
        findings.push({
          linter: 'redocly',
          severity: problem.severity === 'error' ? 'error' : 'warning',
          rule: problem.ruleId,
          message: problem.message,
          file: where.file,
          line: where.line,
          column: where.column,
        });
      }
      return findings;
    },
    /**
     * Spectral on `bundleYaml`, the bundle of the source; each finding placed in the source file
     * it comes from where the layout tells, else in dist/openapi.yaml.
     * @param {string} bundleYaml
     * @returns {Promise<Finding[]>}
     */
    async spectral(bundleYaml) {
      const results = await spectral.run(new Document(bundleYaml, Parsers.Yaml, bundlePath));
      const sources = sourceMap(specDir);
      /** @type {Finding[]} */
      const findings = [];
      for (const result of results) {
        if (!SPECTRAL_FAILING.has(result.severity)) continue;
        const where = sources.find(result.path) ?? {
          file: 'dist/openapi.yaml',
          line: result.range.start.line + 1,
          column: result.range.start.character + 1,
        };
        findings.push({
          linter: 'spectral',
          severity: result.severity === 0 ? 'error' : 'warning',
          rule: String(result.code),
          message: result.message,
          ...where,
        });
      }
      return findings;
    },
  };
}

/**
 * Finds where a path in the bundle comes from in the source, for the layout this spec keeps (one
 * file per path item and per component, as Redocly's openapi-starter): a component named N of
 * type T is `components/T/N.yaml` when that file exists, a path item is the file openapi.yaml's
 * `$ref` names; within that file, the deepest node the rest of the path reaches.
 * @param {string} specDir
 */
function sourceMap(specDir) {
  /** @type {Map<string, import('yaml').Document.Parsed | null>} */
  const parsed = new Map();
  const read = (/** @type {string} */ file) => {
    if (!parsed.has(file)) {
      try {
        parsed.set(file, parseDocument(fs.readFileSync(join(specDir, file), 'utf8'), { keepSourceTokens: false }));
      } catch {
        parsed.set(file, null);
      }
    }
    return parsed.get(file) ?? null;
  };
  const root = read('openapi.yaml');
  /** @returns {{ file: string, rest: Array<string | number> }} */
  const fileOf = (/** @type {Array<string | number>} */ path) => {
    const [first, second, third] = path;
    if (first === 'components' && typeof second === 'string' && typeof third === 'string') {
      const file = `components/${second}/${third}.yaml`;
      if (fs.existsSync(join(specDir, file))) return { file, rest: path.slice(3) };
    }
    if ((first === 'paths' || first === 'webhooks') && typeof second === 'string' && root) {
      const ref = root.getIn([first, second, '$ref']);
      if (typeof ref === 'string' && !ref.startsWith('#'))
        return { file: ref.replace(/^\.\//, ''), rest: path.slice(2) };
    }
    return { file: 'openapi.yaml', rest: path };
  };
  return {
    /** @param {Array<string | number>} path */
    find(path) {
      const { file, rest } = fileOf(path);
      const document = read(file);
      if (!document) return undefined;
      /** @type {unknown} */
      let node = document.contents;
      // Where the deepest node reached starts: for a map entry, its key (the line an author
      // reads as the finding's), for a list item, the item.
      let range = /** @type {{ range?: [number, number, number] }} */ (node)?.range;
      for (const key of rest) {
        if (isMap(node)) {
          const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
          node = pair?.value;
          if (pair && isScalar(pair.key)) range = pair.key.range ?? range;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          range = /** @type {{ range?: [number, number, number] }} */ (node)?.range ?? range;
        } else node = undefined;
        if (!node) break;
      }
      const offset = range ? range[0] : 0;
      const text = fs.readFileSync(join(specDir, file), 'utf8').slice(0, offset);
      const line = text.split('\n').length;
      return { file, line, column: offset - text.lastIndexOf('\n') };
    },
  };
}
