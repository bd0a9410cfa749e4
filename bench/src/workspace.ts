// Where things are: the repo, the bundled spec, the tools' entry points and the scratch folder.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** bench/, whether this runs from src/ (vitest) or dist/ (the bin). */
export const BENCH_DIR = resolve(here, '..');
export const REPO_ROOT = resolve(BENCH_DIR, '..');
/** Scratch space inside bench/, so generated code resolves bench's own node_modules. Git-ignored. */
export const WORK_DIR = join(BENCH_DIR, '.work');

const require = createRequire(join(BENCH_DIR, 'package.json'));

export const SPEC_YAML = require.resolve('@klavi-pay/spec/openapi.yaml');
export const SPEC_JSON = require.resolve('@klavi-pay/spec/openapi.json');

/** A dependency's manifest; read from node_modules because some packages do not export it. */
function manifestOf(pkg: string): string {
  const direct = join(BENCH_DIR, 'node_modules', pkg, 'package.json');
  return existsSync(direct) ? direct : require.resolve(`${pkg}/package.json`);
}

/** The JavaScript file behind a package's bin, so timings measure the tool and not a shell shim. */
export function binPath(pkg: string, bin: string): string {
  const manifestPath = manifestOf(pkg);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!entry) throw new Error(`${pkg} has no bin named ${bin}`);
  return join(dirname(manifestPath), entry);
}

export function packageVersion(pkg: string): string {
  const manifest = JSON.parse(readFileSync(manifestOf(pkg), 'utf8')) as { version: string };
  return manifest.version;
}

export function readSpec(): Record<string, any> {
  return JSON.parse(readFileSync(SPEC_JSON, 'utf8'));
}

/** The spec's own PIX_MANU example: a valid create body every contender sends. */
export function examplePaymentBody(): Record<string, unknown> {
  const example = readSpec().components?.examples?.InstantPaymentPixManuRequest?.value;
  if (!example) throw new Error('the spec has no components.examples.InstantPaymentPixManuRequest');
  return example;
}
