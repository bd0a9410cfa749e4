// `npm run setup` (and CI) after Chromium: the docs' code samples are run against the sandbox in
// the tests, each in its own language (apps/docs/test/samples-run.test.ts), so setup installs
// those languages' runtimes from Debian's packages when they are missing and this user can;
// otherwise it stops with the exact command to run. As with Chromium, the decision is a function
// of the machine's facts, tested without touching the machine (test/ensure-runtimes.test.ts).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { machineFacts } from './ensure-chromium.mjs';

/**
 * What the samples need, how to tell it is there, the Debian packages that bring it, and the
 * sample languages (the docs' labels) that run on it. The JavaScript and TypeScript samples run on
 * Node, which everything here needs anyway.
 * @type {ReadonlyArray<{ name: string, check: string, packages: string[], languages: string[] }>}
 */
export const RUNTIMES = [
  { name: 'curl', check: 'command -v curl', packages: ['curl'], languages: ['curl'] },
  { name: 'openssl', check: 'command -v openssl', packages: ['openssl'], languages: ['curl'] },
  { name: 'Python 3', check: 'command -v python3', packages: ['python3'], languages: ['Python'] },
  { name: 'Ruby', check: 'command -v ruby', packages: ['ruby'], languages: ['Ruby'] },
  {
    name: 'PHP with curl',
    check: 'php -r \'exit(function_exists("curl_init") ? 0 : 1);\'',
    packages: ['php-cli', 'php-curl'],
    languages: ['PHP'],
  },
  { name: 'Java 11 or later', check: 'command -v java', packages: ['default-jdk-headless'], languages: ['Java'] },
  { name: 'Gson', check: 'test -r /usr/share/java/gson.jar', packages: ['libgoogle-gson-java'], languages: ['Java'] },
  { name: 'Go', check: 'command -v go', packages: ['golang-go'], languages: ['Go'] },
  {
    name: 'Mono (C#)',
    check:
      'command -v mcs && command -v mono && ls /usr/lib/mono/4.5/System.Net.Http.dll /usr/lib/mono/4.5/System.Runtime.Serialization.dll',
    packages: ['mono-mcs', 'libmono-system-net-http4.0-cil', 'libmono-system-runtime-serialization4.0-cil'],
    languages: ['C#'],
  },
];

/** The runtimes whose check fails on this machine. */
export function missingRuntimes(
  check = (/** @type {string} */ command) => spawnSync('sh', ['-c', `${command} >/dev/null 2>&1`]).status === 0,
) {
  return RUNTIMES.filter((runtime) => !check(runtime.check));
}

/**
 * What to do: `{ action: 'none' }`, `{ action: 'install', commands }`, or `{ action: 'stop', message }`.
 * `listsUpdated`: this setup has just run `apt-get update` (the Chromium step), so it is not run again.
 * @param {{ missing: typeof RUNTIMES, hasAptGet: boolean, isRoot: boolean, canSudo: boolean, listsUpdated?: boolean }} facts
 */
export function planRuntimes({ missing, hasAptGet, isRoot, canSudo, listsUpdated = false }) {
  if (missing.length === 0) return { action: 'none' };
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...missing.flatMap((r) => r.packages)];
  if (hasAptGet && (isRoot || canSudo)) {
    const sudo = isRoot ? [] : ['sudo', '-n'];
    return {
      action: 'install',
      commands: [...(listsUpdated ? [] : [[...sudo, 'apt-get', 'update']]), [...sudo, ...install]],
    };
  }
  const names = missing.map((r) => r.name).join(', ');
  return {
    action: 'stop',
    message: hasAptGet
      ? `The code-sample tests need ${names}. Run \`sudo ${install.join(' ')}\`, then \`npm run setup\` again.`
      : `The code-sample tests need ${names}: install them with your system's package manager, then run \`npm run setup\` again.`,
  };
}

export function ensureRuntimes({
  facts = { ...machineFacts(), missing: missingRuntimes() },
  run = (/** @type {string} */ command, /** @type {string[]} */ args) =>
    spawnSync(command, args, { stdio: 'inherit' }).status ?? 1,
  stillMissing = () => missingRuntimes(),
  log = console.log,
} = {}) {
  const plan = planRuntimes(facts);
  if (plan.action === 'none') {
    log(`Code-sample runtimes: ${RUNTIMES.map((r) => r.name).join(', ')}`);
    return 0;
  }
  if (plan.action === 'stop') {
    log(plan.message);
    return 1;
  }
  log(`Installing the code samples' runtimes: ${facts.missing.map((r) => r.name).join(', ')}.`);
  for (const [command, ...args] of plan.commands ?? []) {
    const status = run(/** @type {string} */ (command), args);
    if (status !== 0) {
      log(
        `\`${[command, ...args].join(' ')}\` failed (exit ${status}). Install it by hand, then run \`npm run setup\` again.`,
      );
      return 1;
    }
  }
  const left = stillMissing();
  if (left.length > 0) {
    log(`Still missing after the install: ${left.map((r) => r.name).join(', ')}.`);
    return 1;
  }
  log(`Code-sample runtimes: ${RUNTIMES.map((r) => r.name).join(', ')}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(ensureRuntimes());
