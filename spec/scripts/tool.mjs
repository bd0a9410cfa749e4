// Runs a devDependency's CLI with the current Node, so scripts work with or without
// node_modules/.bin on PATH (plain `node scripts/x.mjs` as well as `pnpm run x`).
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The spec's sources and lint configuration, under specDir: what a watcher follows (`pnpm dev`). */
export const SPEC_SOURCES = [
  'openapi.yaml',
  'paths',
  'webhooks',
  'components',
  'rules',
  'redocly.yaml',
  '.spectral.yaml',
  '.redocly.lint-ignore.yaml',
];
/** A changed file (relative to specDir) after which the linters must read their configuration again. */
export const LINT_CONFIGURATION = /(^|\/)(redocly\.yaml|\.redocly\.lint-ignore\.yaml|\.spectral\.yaml|rules\/.*)$/;
const require = createRequire(join(specDir, 'package.json'));

/** Absolute path of the `bin` entry `name` of package `pkg`. */
export function binPath(pkg, name) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const { bin } = require(manifestPath);
  const rel = typeof bin === 'string' ? bin : bin[name];
  return join(dirname(manifestPath), rel);
}

const spawnOptions = {
  cwd: specDir,
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  maxBuffer: 64 * 1024 * 1024,
};

/** Runs the CLI in the spec folder; returns its stdout, or throws with `status`/`stdout` on failure. */
export function runTool(pkg, name, args, { inherit = false } = {}) {
  return execFileSync(process.execPath, [binPath(pkg, name), ...args], {
    ...spawnOptions,
    stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * `runTool` without blocking: several CLIs run at once, and the process goes on loading modules
 * meanwhile. Resolves with stdout (empty when `inherit`); rejects, naming the CLI, on failure.
 */
export function runToolAsync(pkg, name, args, { inherit = false } = {}) {
  const argv = [binPath(pkg, name), ...args];
  return new Promise((resolve, reject) => {
    const failed = (code) => Object.assign(new Error(`${name} ${args.join(' ')} exited ${code}`), { status: code });
    if (inherit) {
      const child = spawn(process.execPath, argv, { ...spawnOptions, stdio: 'inherit' });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve('') : reject(failed(code))));
      return;
    }
    execFile(process.execPath, argv, spawnOptions, (error, stdout, stderr) =>
      error ? reject(Object.assign(failed(error.code), { stdout, stderr })) : resolve(stdout),
    );
  });
}

/** Runs the CLI and returns its exit status, stdout and stderr, whatever the status. */
export function runToolResult(pkg, name, args) {
  const { status, stdout, stderr, error } = spawnSync(process.execPath, [binPath(pkg, name), ...args], spawnOptions);
  if (error) throw error;
  return { status, stdout, stderr };
}

/** Runs the CLI and returns its stdout whatever its exit code: linters exit non-zero when they
 *  report problems, and the report is what the caller wants. */
export function runToolReport(pkg, name, args) {
  try {
    return runTool(pkg, name, args);
  } catch (error) {
    if (typeof error.stdout !== 'string') throw error;
    return error.stdout;
  }
}
