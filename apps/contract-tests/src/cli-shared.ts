// What both commands (the API run and `webhooks`) share on the command line: a usage error, the
// duration and size flags (--request-timeout, --max-time, --max-response-size), and the lines of
// --help that list the registered checks.
import type { Runs } from './checks/define.js';
import { CHECKS, REGISTRY } from './checks/registry.js';

/** The registered checks that run as `runs` says, a line each with its description. */
export const checkLines = (runs: Runs): string =>
  CHECKS.map((name) => REGISTRY[name])
    .filter((check) => check.runs === runs)
    .map((check) => `  ${check.name.padEnd(30)}  ${check.description}`)
    .join('\n');

/** A wrong or missing option: the command prints it with its usage and exits 2. */
export class UsageError extends Error {}

/** A duration flag in seconds, as milliseconds: above 0 and at most `max` seconds. */
export function secondsOption(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(seconds > 0) || seconds > max)
    throw new UsageError(`--${flag} must be a number of seconds above 0 and at most ${max}, got "${raw}"`);
  return Math.max(1, Math.round(seconds * 1000));
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 ** 2,
  m: 1024 ** 2,
  gb: 1024 ** 3,
  g: 1024 ** 3,
};

/** A size flag: bytes, or a number with kB, MB or GB (powers of 1024); at least 1 kB, at most 256 MB. */
export function sizeOption(flag: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit ? Math.round(Number(match[1]) * unit) : NaN;
  // At most 256 MB: a body is held as bytes and as text at once, and V8's strings end near 512 MB.
  if (!(bytes >= 1024 && bytes <= 256 * 1024 ** 2))
    throw new UsageError(
      `--${flag} must be a size from 1kB to 256MB (bytes, or with a kB, MB or GB suffix), got "${raw}"`,
    );
  return bytes;
}
