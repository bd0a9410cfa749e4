// `npm run setup` installs Chromium for the browser tests when it is missing and this user can,
// and otherwise stops naming the command to run: decided from the machine's facts.
import { describe, expect, it } from 'vitest';
import { CHROMIUM, ensureChromium, planChromium } from '../scripts/ensure-chromium.mjs';

const facts = { present: false, hasAptGet: true, isRoot: true, canSudo: false, platform: 'linux' };

describe('planChromium', () => {
  it('does nothing when Chromium is there', () => {
    expect(planChromium({ ...facts, present: true })).toEqual({ action: 'none' });
  });

  it('installs it with apt-get as root, and through sudo otherwise', () => {
    expect(planChromium(facts)).toEqual({
      action: 'install',
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'chromium'],
      ],
    });
    expect(planChromium({ ...facts, isRoot: false, canSudo: true })).toEqual({
      action: 'install',
      commands: [
        ['sudo', '-n', 'apt-get', 'update'],
        ['sudo', '-n', 'apt-get', 'install', '-y', 'chromium'],
      ],
    });
  });

  it('stops with the exact command when it cannot install', () => {
    const plan = planChromium({ ...facts, isRoot: false, canSudo: false });
    expect(plan).toMatchObject({ action: 'stop' });
    expect((plan as { message: string }).message).toContain('sudo apt-get install -y chromium');
    expect(
      (planChromium({ ...facts, hasAptGet: false, isRoot: false, platform: 'darwin' }) as { message: string }).message,
    ).toContain(`ln -s`);
    expect((planChromium({ ...facts, hasAptGet: false }) as { message: string }).message).toContain(
      `so that ${CHROMIUM} exists`,
    );
  });
});

describe('ensureChromium', () => {
  it('runs the plan and checks the browser is there after it', () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const status = ensureChromium({
      facts,
      run: (command, args) => {
        ran.push([command, ...args].join(' '));
        return 0;
      },
      installed: () => true,
      log: (line) => lines.push(line),
    });
    expect(status).toBe(0);
    expect(ran).toEqual(['apt-get update', 'apt-get install -y chromium']);
    expect(lines.at(-1)).toBe(`Chromium: ${CHROMIUM}`);
  });

  it('fails, naming the command, when the install fails or leaves no browser', () => {
    const lines: string[] = [];
    expect(ensureChromium({ facts, run: () => 100, installed: () => true, log: (line) => lines.push(line) })).toBe(1);
    expect(lines.at(-1)).toContain('`apt-get update` failed (exit 100)');
    expect(ensureChromium({ facts, run: () => 0, installed: () => false, log: (line) => lines.push(line) })).toBe(1);
    expect(lines.at(-1)).toContain(`${CHROMIUM} is still missing`);
  });

  it('stops without running anything when it cannot install', () => {
    const ran: string[] = [];
    expect(
      ensureChromium({
        facts: { ...facts, isRoot: false },
        run: (command) => {
          ran.push(command);
          return 0;
        },
        log: () => {},
      }),
    ).toBe(1);
    expect(ran).toEqual([]);
  });
});
