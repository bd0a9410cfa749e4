// `npm run setup` installs the runtimes the code-sample tests run the samples with, when they are
// missing and this user can, and otherwise stops naming the command to run.
import { describe, expect, it } from 'vitest';
import { ensureRuntimes, missingRuntimes, planRuntimes, RUNTIMES } from '../scripts/ensure-runtimes.mjs';

const ruby = RUNTIMES.find((r) => r.name === 'Ruby')!;
const mono = RUNTIMES.find((r) => r.name === 'Mono (C#)')!;
const facts = { missing: [ruby, mono], hasAptGet: true, isRoot: true, canSudo: false };

describe('planRuntimes', () => {
  it('does nothing when every runtime is there', () => {
    expect(planRuntimes({ ...facts, missing: [] })).toEqual({ action: 'none' });
  });

  it('installs the missing ones only, with apt-get as root and through sudo otherwise', () => {
    const install = ['apt-get', 'install', '-y', '--no-install-recommends', 'ruby', ...mono.packages];
    expect(planRuntimes(facts)).toEqual({ action: 'install', commands: [['apt-get', 'update'], install] });
    expect(planRuntimes({ ...facts, isRoot: false, canSudo: true })).toEqual({
      action: 'install',
      commands: [
        ['sudo', '-n', 'apt-get', 'update'],
        ['sudo', '-n', ...install],
      ],
    });
  });

  it('does not update the package lists again when this setup has just done it', () => {
    expect(planRuntimes({ ...facts, listsUpdated: true })).toEqual({
      action: 'install',
      commands: [['apt-get', 'install', '-y', '--no-install-recommends', 'ruby', ...mono.packages]],
    });
  });

  it('stops with the exact command when it cannot install', () => {
    const plan = planRuntimes({ ...facts, isRoot: false });
    expect(plan).toMatchObject({ action: 'stop' });
    expect((plan as { message: string }).message).toContain(
      'sudo apt-get install -y --no-install-recommends ruby mono-mcs',
    );
    expect((planRuntimes({ ...facts, hasAptGet: false }) as { message: string }).message).toContain(
      "your system's package manager",
    );
  });
});

describe('missingRuntimes', () => {
  it('names the runtimes whose check fails', () => {
    expect(missingRuntimes((command) => !command.includes('ruby')).map((r) => r.name)).toEqual(['Ruby']);
    expect(missingRuntimes(() => true)).toEqual([]);
  });
});

describe('ensureRuntimes', () => {
  it('runs the plan, and fails when a runtime is still missing after it', () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const run = (command: string, args: string[]) => {
      ran.push([command, ...args].join(' '));
      return 0;
    };
    expect(ensureRuntimes({ facts, run, stillMissing: () => [], log: (l) => lines.push(l) })).toBe(0);
    expect(ran[0]).toBe('apt-get update');
    expect(ran[1]).toContain('ruby mono-mcs');
    expect(ensureRuntimes({ facts, run, stillMissing: () => [mono], log: (l) => lines.push(l) })).toBe(1);
    expect(lines.at(-1)).toBe('Still missing after the install: Mono (C#).');
  });

  it('fails, naming the command, when the install fails', () => {
    const lines: string[] = [];
    expect(ensureRuntimes({ facts, run: () => 100, stillMissing: () => [], log: (l) => lines.push(l) })).toBe(1);
    expect(lines.at(-1)).toContain('`apt-get update` failed (exit 100)');
  });
});
