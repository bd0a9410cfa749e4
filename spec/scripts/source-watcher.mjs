// Follows files for the watches (`pnpm dev`, the spec package's `dev`, the docs server's
// `--watch`): calls back, after a quiet moment, with the files saved since the last call.
//
// chokidar alone loses saves. It drops a 'change' that comes within 50 ms of the one before for
// the same file, with no trailing event (a formatter that rewrites the file just after the editor
// did, or a second save while the first is being reported), so the last save never shows. Its
// 'raw' events are the file system's own, with nothing dropped: they are what schedules a call
// here. chokidar's events are kept for what raw events miss: files in a directory made after the
// watch started, whose directory chokidar starts watching itself.
import { basename, join, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import { SPEC_SOURCES } from './tool.mjs';

/** The files under the watched folders that the bundle or the linters can read. */
const SOURCE_FILE = /\.(ya?ml|json|[cm]?js)$/;

/**
 * Whether `file` (relative to the spec folder, `/`-separated) is a source a save of which must be
 * shown. An editor's scratch files (`x.yaml.tmp`, `.x.yaml.swp`, `x.yaml~`, vim's `4913`) are not.
 * @param {string} file
 */
export function isSpecSource(file) {
  if (SPEC_SOURCES.includes(file)) return true;
  const [top] = file.split('/');
  if (top === undefined || !SPEC_SOURCES.includes(top) || top === file) return false;
  return SOURCE_FILE.test(file) && !basename(file).startsWith('.');
}

/**
 * @typedef {object} SourceWatcher
 * @property {Promise<void>} ready resolves once every file is followed: saves from then on are seen
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} WatchOptions
 * @property {(files: string[]) => void} onChange the saved files, relative to the root, sorted
 * @property {(error: Error) => void} [onError] a watch that failed (the others go on)
 * @property {number} [debounceMs] a save is often several writes: wait them out (40)
 * @property {(path: string) => boolean} [skip] a path (relative to the root) not to look into at
 *   all, such as a dist or node_modules folder under a watched one
 */

/**
 * Follows `entries` (files or folders, relative to `root`) and reports, after a quiet moment, the
 * files saved since the last report that `accept` takes (a path relative to root, `/`-separated).
 * @param {string} root
 * @param {string[]} entries
 * @param {(file: string) => boolean} accept
 * @param {WatchOptions} options
 * @returns {SourceWatcher}
 */
export function watchFiles(root, entries, accept, { onChange, onError = () => {}, debounceMs = 40, skip }) {
  /** @type {Set<string>} */
  const changed = new Set();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let closed = false;

  /** @param {string} absolute */
  const saw = (absolute) => {
    const file = relative(root, absolute).split(sep).join('/');
    if (closed || file === '' || file.startsWith('../') || skip?.(file) || !accept(file)) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed].sort();
      changed.clear();
      if (!closed && files.length > 0) onChange(files);
    }, debounceMs);
  };

  const watcher = watch(
    entries.map((entry) => join(root, entry)),
    {
      ignoreInitial: true,
      ignored: skip ? (path) => skip(relative(root, path).split(sep).join('/')) : undefined,
    },
  );
  watcher.on('all', (_event, path) => saw(path));
  // A raw event names the file within the watched directory, or is the watched file's own.
  watcher.on('raw', (_event, name, details) => {
    const watched = /** @type {{ watchedPath?: string } | undefined} */ (details)?.watchedPath;
    if (typeof watched !== 'string' || typeof name !== 'string' || name === '') return;
    saw(basename(watched) === name ? watched : join(watched, name));
  });
  watcher.on('error', (error) => onError(error instanceof Error ? error : new Error(String(error))));

  const ready = /** @type {Promise<void>} */ (new Promise((resolve) => watcher.once('ready', () => resolve())));
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

/**
 * @param {string} specDir
 * @param {WatchOptions} options
 * @returns {SourceWatcher}
 */
export function watchSpecSources(specDir, options) {
  return watchFiles(specDir, SPEC_SOURCES, isSpecSource, options);
}
