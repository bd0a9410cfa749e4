// The import graph of the repo's own code: between the modules of one package (relative imports),
// and between the workspace packages (`@klavi-pay/*` imports). The import-cycle test reads it for
// every package, and `node scripts/import-graph.mjs` prints which package imports which.
// Read as text, as the imports are written: a static `import`/`export … from`, a side-effect
// `import '…'` and a dynamic `import('…')`, type imports included (a cycle of types still ties
// the modules together for a reader).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceDirs } from './workspace-dirs.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
/** Folders that hold no module of the package itself: outputs, dependencies, tests, their data, and examples of its use. */
const NOT_SOURCE = new Set([
  'node_modules',
  'dist',
  'generated',
  'test',
  'tests',
  'fixtures',
  'examples',
  'test-results',
  'coverage',
  '.turbo',
]);
const SPECIFIERS = [
  /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module specifier a source text imports. */
export function specifiersOf(text) {
  return SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));
}

/** The hand-written source files of a package folder, relative to it (declaration files left out). */
export function sourceFiles(dir) {
  const files = [];
  const walk = (sub) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = join(sub, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_SOURCE.has(entry.name) && !entry.name.startsWith('.')) walk(path);
      } else if (
        SOURCE.test(entry.name) &&
        !/\.d\.[cm]?ts$/.test(entry.name) &&
        !/\.test(?:-d)?\.[cm]?[jt]s$/.test(entry.name)
      ) {
        files.push(normalize(path));
      }
    }
  };
  walk('');
  return files.sort();
}

/** The file a relative specifier names: `./x.js` written for `./x.ts` finds the TypeScript file. */
function resolveRelative(dir, from, specifier) {
  const target = normalize(join(dirname(from), specifier));
  const candidates = [
    target,
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    target.replace(/\.cjs$/, '.cts'),
    `${target}.ts`,
    join(target, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(join(dir, c)) && statSync(join(dir, c)).isFile());
}

/** The modules of one package folder and the modules each imports, by relative path. */
export function moduleGraph(dir) {
  const graph = new Map();
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    const targets = specifiersOf(text)
      .filter((s) => s.startsWith('./') || s.startsWith('../'))
      .map((s) => resolveRelative(dir, file, s))
      .filter((t) => t !== undefined && !t.startsWith('..'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The first cycle found, as the chain of nodes that closes it (`a → b → a`), or undefined. */
export function findCycle(graph) {
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every workspace package: its name, its folder and the manifest. */
export function workspacePackages(root = ROOT) {
  return workspaceDirs(root)
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }));
}

/**
 * Which workspace package the hand-written code of each imports (tests left out), by name:
 * what the code does, whatever package.json declares.
 */
export function packageGraph(root = ROOT) {
  const packages = workspacePackages(root);
  const names = new Set(packages.map((p) => p.manifest.name));
  const graph = new Map();
  for (const { dir, manifest } of packages) {
    const imported = new Set();
    for (const file of sourceFiles(join(root, dir))) {
      for (const specifier of specifiersOf(readFileSync(join(root, dir, file), 'utf8'))) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (names.has(name) && name !== manifest.name) imported.add(name);
      }
    }
    graph.set(manifest.name, [...imported].sort());
  }
  return graph;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = packageGraph();
  const width = Math.max(...[...graph.keys()].map((n) => n.length));
  for (const [name, imports] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`${name.padEnd(width)}  → ${imports.length ? imports.join(', ') : '(nothing of the workspace)'}`);
  }
  const cycle = findCycle(graph);
  console.log(cycle ? `cycle: ${cycle.join(' → ')}` : 'no cycle between packages');
  for (const { dir } of workspacePackages()) {
    const inner = findCycle(moduleGraph(join(ROOT, dir)));
    if (inner) console.log(`cycle in ${dir}: ${inner.map((f) => relative('.', f)).join(' → ')}`);
  }
}
