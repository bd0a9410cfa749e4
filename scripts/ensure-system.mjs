// `npm run setup`'s system step: Chromium for the browser tests, then the code samples' runtimes,
// each installed from Debian's packages when missing (scripts/ensure-chromium.mjs,
// scripts/ensure-runtimes.mjs). One process, so that `apt-get update` runs once: when the Chromium
// step has refreshed the package lists, the runtimes step installs from them.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ensureChromium, machineFacts } from './ensure-chromium.mjs';
import { ensureRuntimes, missingRuntimes } from './ensure-runtimes.mjs';

/**
 * @param {object} [options]
 * @param {(command: string, args: string[]) => number} [options.run] runs one command, its exit status
 * @param {typeof ensureChromium} [options.chromium]
 * @param {typeof ensureRuntimes} [options.runtimes]
 * @returns {number} the exit status: 0 when both are there
 */
export function ensureSystem({
  run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1,
  chromium = ensureChromium,
  runtimes = ensureRuntimes,
} = {}) {
  let listsUpdated = false;
  /** @type {(command: string, args: string[]) => number} */
  const recording = (command, args) => {
    const status = run(command, args);
    if (status === 0 && [command, ...args].slice(-2).join(' ') === 'apt-get update') listsUpdated = true;
    return status;
  };
  const browser = chromium({ run: recording });
  if (browser !== 0) return browser;
  return runtimes({ run: recording, facts: { ...machineFacts(), missing: missingRuntimes(), listsUpdated } });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(ensureSystem());
