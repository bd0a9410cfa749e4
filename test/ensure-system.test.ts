// Setup's system step runs `apt-get update` once: the runtimes step is told when the Chromium step
// has just refreshed the package lists, and installs from them.
import { describe, expect, it } from 'vitest';
import type { ensureRuntimes } from '../scripts/ensure-runtimes.mjs';
import { ensureSystem } from '../scripts/ensure-system.mjs';

type RuntimesOptions = Parameters<typeof ensureRuntimes>[0];

/** A run that records each command, and answers `status` for one whose arguments include `failing`. */
function recorder(failing?: string) {
  const ran: string[] = [];
  const run = (command: string, args: string[]) => {
    ran.push([command, ...args].join(' '));
    return failing !== undefined && args.includes(failing) ? 100 : 0;
  };
  return { ran, run };
}

/** A runtimes step that keeps what it was told. */
function runtimesStep() {
  const told: RuntimesOptions[] = [];
  const runtimes = (options: RuntimesOptions) => {
    told.push(options);
    return 0;
  };
  return { told, runtimes };
}

describe('ensureSystem', () => {
  it('tells the runtimes step that the Chromium step updated the package lists', () => {
    const { ran, run } = recorder();
    const { told, runtimes } = runtimesStep();
    const status = ensureSystem({
      run,
      chromium: (options) => {
        options?.run?.('apt-get', ['update']);
        options?.run?.('apt-get', ['install', '-y', 'chromium']);
        return 0;
      },
      runtimes,
    });
    expect(status).toBe(0);
    expect(ran).toEqual(['apt-get update', 'apt-get install -y chromium']);
    expect(told.map((options) => options?.facts?.listsUpdated)).toEqual([true]);
  });

  it('lets the runtimes step update the lists when Chromium was there, or its update failed', () => {
    const { told, runtimes } = runtimesStep();
    ensureSystem({ run: recorder().run, chromium: () => 0, runtimes });
    ensureSystem({
      run: recorder('update').run,
      chromium: (options) => {
        options?.run?.('sudo', ['-n', 'apt-get', 'update']);
        return 0;
      },
      runtimes,
    });
    expect(told.map((options) => options?.facts?.listsUpdated)).toEqual([false, false]);
  });

  it('stops at a failed Chromium step with its status, before the runtimes', () => {
    const { told, runtimes } = runtimesStep();
    expect(ensureSystem({ run: recorder().run, chromium: () => 1, runtimes })).toBe(1);
    expect(told).toEqual([]);
  });
});
