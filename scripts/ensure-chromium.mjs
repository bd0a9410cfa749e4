// `npm run setup`'s first step after pnpm: the browser tests drive the system Chromium at
// /usr/bin/chromium (nothing may download a browser at run time), so setup installs it through the
// system package manager when it is missing and this user can; otherwise it stops with the exact
// command to run. The decision is a function of the machine's facts, so it is tested without
// touching the machine (test/ensure-chromium.test.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where the browser tests launch Chromium from (packages/sandbox and apps/docs). */
export const CHROMIUM = '/usr/bin/chromium';

const INSTALL = ['apt-get', 'install', '-y', 'chromium'];

/**
 * What to do, given the facts: `{ action: 'none' }`, `{ action: 'install', commands }` (each a
 * command and its arguments, run in order), or `{ action: 'stop', message }`.
 */
export function planChromium({ present, hasAptGet, isRoot, canSudo, platform }) {
  if (present) return { action: 'none' };
  if (hasAptGet && (isRoot || canSudo)) {
    const sudo = isRoot ? [] : ['sudo', '-n'];
    return {
      action: 'install',
      commands: [
        [...sudo, 'apt-get', 'update'],
        [...sudo, ...INSTALL],
      ],
    };
  }
  const how = hasAptGet
    ? `run \`sudo ${INSTALL.join(' ')}\``
    : platform === 'darwin'
      ? `install Chromium and link it there (\`sudo ln -s "/Applications/Chromium.app/Contents/MacOS/Chromium" ${CHROMIUM}\`)`
      : `install Chromium with your system's package manager so that ${CHROMIUM} exists`;
  return {
    action: 'stop',
    message: `The browser tests need Chromium at ${CHROMIUM}, and it is missing. To install it, ${how}, then run \`npm run setup\` again.`,
  };
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The facts of this machine. */
export function machineFacts() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    present: executable(CHROMIUM),
    hasAptGet: commandExists('apt-get'),
    isRoot,
    canSudo: !isRoot && commandExists('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    platform: process.platform,
  };
}

export function ensureChromium({
  facts = machineFacts(),
  run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1,
  installed = () => executable(CHROMIUM),
  log = console.log,
} = {}) {
  const plan = planChromium(facts);
  if (plan.action === 'none') {
    log(`Chromium: ${CHROMIUM}`);
    return 0;
  }
  if (plan.action === 'stop') {
    log(plan.message);
    return 1;
  }
  log(`Chromium is missing at ${CHROMIUM}: installing it for the browser tests (${INSTALL.join(' ')}).`);
  for (const [command, ...args] of plan.commands) {
    const status = run(command, args);
    if (status !== 0) {
      log(
        `\`${[command, ...args].join(' ')}\` failed (exit ${status}). Install Chromium so that ${CHROMIUM} exists, then run \`npm run setup\` again.`,
      );
      return 1;
    }
  }
  // Debian's package puts the browser there; another distribution's might not.
  if (!installed()) {
    log(
      `The chromium package was installed, but ${CHROMIUM} is still missing. Link your Chromium there, then run \`npm run setup\` again.`,
    );
    return 1;
  }
  log(`Chromium: ${CHROMIUM}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(ensureChromium());
