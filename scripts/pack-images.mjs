// `pnpm images context [--out DIR] [--image NAME]... [--expect NAME@VERSION]...`: the Docker build
// contexts of the images, made from this checkout's packed tarballs, so that `docker build` needs
// no registry for our own packages (their third-party dependencies still come from npm).
//
// The images are the workspace packages whose folder holds a Dockerfile. For each, the context
// `DIR/<folder>/` holds that Dockerfile and `packages/*.tgz`: `pnpm pack` of the package and of
// every workspace package it depends on (dependencies, optional and peer, followed to the end),
// as apps/contract-tests/test/npx.test.ts packs them. `DIR/images.json` lists what went where.
// Before writing, each Dockerfile is held to the rules of `dockerfileProblems` below, and the
// volumes its README's `docker run -v …` lines mount are required of it.
//
// Default DIR: tmp/images under the repo root (ignored by git); it is cleared first, and a
// non-empty folder without an images.json is refused. Run `pnpm build` first: a package whose bin
// or exports are missing from its tarball is refused. `docker build DIR/<folder>` then builds.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workspaceDirs } from './workspace-dirs.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = join(ROOT, 'tmp', 'images');
/** The folder of a context that holds the tarballs, beside its Dockerfile. */
export const PACKAGES_DIR = 'packages';

/** Every workspace package pnpm-workspace.yaml lists: name → { dir (repo-relative), manifest }. */
export function workspacePackages(root = ROOT) {
  const found = new Map();
  for (const dir of workspaceDirs(root)) {
    const file = join(root, dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    found.set(manifest.name, { dir, manifest });
  }
  return found;
}

/** The dependency fields an install of a package follows. devDependencies are not installed. */
const INSTALLED = ['dependencies', 'optionalDependencies', 'peerDependencies'];

/** `names` and every workspace package they depend on, transitively: roots first, then breadth-first. */
export function closure(names, packages) {
  const order = [];
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift();
    if (order.includes(name)) continue;
    const pkg = packages.get(name);
    if (!pkg) throw new Error(`${name} is not a workspace package`);
    if (pkg.manifest.private) throw new Error(`${name} is private: it cannot be packed into an image`);
    order.push(name);
    for (const field of INSTALLED)
      for (const dep of Object.keys(pkg.manifest[field] ?? {})) if (packages.has(dep)) queue.push(dep);
  }
  return order;
}

/** The images: the workspace packages whose folder holds a Dockerfile, by folder name. */
export function imagePackages(packages, root = ROOT) {
  return [...packages]
    .filter(([, { dir }]) => existsSync(join(root, dir, 'Dockerfile')))
    .map(([name, { dir }]) => ({ name, dir, image: basename(dir) }))
    .sort((a, b) => a.image.localeCompare(b.image));
}

// ---------------------------------------------------------------------------------------------
// The Dockerfile rules.

/** A Dockerfile's instructions: continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text) {
  const instructions = [];
  let current = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*#/.test(raw) || (current === '' && raw.trim() === '')) return; // comments, also inside a continuation
    if (current === '') start = index + 1;
    const continued = /\\\s*$/.test(raw);
    current += continued ? `${raw.replace(/\\\s*$/, '')} ` : raw;
    if (continued) return;
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(current);
    instructions.push({ line: start, instruction: match[1].toUpperCase(), args: match[2].trim() });
    current = '';
  });
  return instructions;
}

/** The words of a shell-form argument or an exec-form JSON array, quotes removed. */
function words(args) {
  if (args.startsWith('[')) {
    try {
      return JSON.parse(args).map(String);
    } catch {
      /* not JSON: shell form */
    }
  }
  return [...args.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** A RUN's simple commands, each as its words: split on &&, ||, ; and |. */
export function shellCommands(args) {
  const text = args.startsWith('[') ? words(args).join(' ') : args;
  return text
    .split(/&&|\|\||;|\|/)
    .map((part) => words(part.trim()))
    .filter((w) => w.length > 0);
}

const INSTALLERS = [
  { match: (w) => w[0] === 'npm' && ['install', 'i', 'add', 'ci', 'exec'].includes(w[1]), from: 2 },
  { match: (w) => w[0] === 'npx', from: 1 },
  { match: (w) => w[0] === 'pnpm' && ['add', 'install', 'i', 'dlx'].includes(w[1]), from: 2 },
  { match: (w) => w[0] === 'yarn' && ['add', 'global', 'dlx'].includes(w[1]), from: 2 },
];

/** A package spec that is not a local file: `@scope/name@1.0.0`, `name`, not `./a.tgz` or `/x/*.tgz`. */
const fromRegistry = (spec) =>
  !spec.startsWith('-') &&
  !spec.startsWith('.') &&
  !spec.startsWith('/') &&
  !spec.startsWith('file:') &&
  !/\.tgz$/.test(spec);

/** The container paths mounted by the `docker run -v NAME:PATH` (or --volume, --mount) lines of a README. */
export function documentedVolumes(readme) {
  const paths = new Set();
  for (const line of readme.split('\n')) {
    if (!/\bdocker run\b/.test(line)) continue;
    for (const m of line.matchAll(/(?:-v|--volume)[ =]([^\s:]+):(\/[^\s:]*)/g)) paths.add(m[2]);
    for (const m of line.matchAll(/--mount[ =]\S*(?:target|dst|destination)=(\/[^\s,]*)/g)) paths.add(m[1]);
  }
  return [...paths];
}

/**
 * What is wrong with a Dockerfile, one sentence per broken rule (none: it passes):
 * - it runs as a user other than root (the last USER is set, and is neither root nor 0);
 * - an image that EXPOSEs a port has a HEALTHCHECK;
 * - every path in `volumes` (the mounts its README documents) is declared a VOLUME;
 * - every VOLUME is made (mkdir) and given to that user (chown) by a RUN before the USER line
 *   and before the VOLUME line (Docker drops what a build step does to a volume after it is
 *   declared), so that a named volume mounted there starts writable by the user;
 * - our own packages (`ours`: names or scopes such as `@klavi-pay/`) are never installed from a
 *   registry, and a RUN installs the COPYed tarballs (`npm install --global … *.tgz`).
 */
export function dockerfileProblems(text, { volumes = [], ours = ['@klavi-pay/'] } = {}) {
  const steps = parseDockerfile(text);
  const problems = [];
  const users = steps.filter((s) => s.instruction === 'USER');
  const lastUser = users.at(-1);
  const user = lastUser ? lastUser.args.split(':')[0].trim() : undefined;
  if (!lastUser) problems.push('no USER instruction: the container runs as root');
  else if (user === 'root' || user === '0')
    problems.push(`line ${lastUser.line}: USER ${lastUser.args} runs the container as root`);

  if (steps.some((s) => s.instruction === 'EXPOSE')) {
    const health = steps.filter((s) => s.instruction === 'HEALTHCHECK').at(-1);
    if (!health) problems.push('EXPOSE without a HEALTHCHECK: a server image must say when it is up');
    else if (/^NONE\b/i.test(health.args)) problems.push(`line ${health.line}: HEALTHCHECK NONE on a server image`);
  }

  const declared = steps
    .filter((s) => s.instruction === 'VOLUME')
    .flatMap((s) => words(s.args).map((path) => ({ path: path.replace(/\/+$/, '') || '/', line: s.line })));
  for (const path of volumes)
    if (!declared.some((v) => v.path === path.replace(/\/+$/, '')))
      problems.push(`${path} is mounted in the README's docker run but is not declared: add VOLUME ${path}`);

  const runs = steps.filter((s) => s.instruction === 'RUN').map((s) => ({ ...s, commands: shellCommands(s.args) }));
  for (const volume of declared) {
    const before = runs.filter((r) => r.line < volume.line && (!lastUser || r.line < lastUser.line));
    const made = before.some((r) =>
      r.commands.some(
        (w) =>
          w[0] === 'mkdir' &&
          w
            .slice(1)
            .filter((a) => !a.startsWith('-'))
            .some((a) => a.replace(/\/+$/, '') === volume.path),
      ),
    );
    const owned = before.some((r) =>
      r.commands.some((w) => {
        if (w[0] !== 'chown') return false;
        const [owner, ...paths] = w.slice(1).filter((a) => !a.startsWith('-'));
        return owner?.split(':')[0] === user && paths.some((a) => a.replace(/\/+$/, '') === volume.path);
      }),
    );
    const where = lastUser
      ? `before USER ${user} (line ${lastUser.line}) and VOLUME (line ${volume.line})`
      : `before VOLUME (line ${volume.line})`;
    if (!made)
      problems.push(
        `VOLUME ${volume.path}: no RUN mkdir of it ${where}; Docker would make the mount point owned by root`,
      );
    if (!owned)
      problems.push(
        `VOLUME ${volume.path}: no RUN chown ${user ?? '<user>'} of it ${where}; the user could not write to a volume mounted there`,
      );
  }

  // A scope (`@klavi-pay/`) matches every package in it; a name matches itself at any version.
  const isOurs = (spec) =>
    ours.some((o) => (o.endsWith('/') ? spec.startsWith(o) : spec === o || spec.startsWith(`${o}@`)));
  let installsTarballs = false;
  for (const run of runs) {
    for (const command of run.commands) {
      const installer = INSTALLERS.find((i) => i.match(command));
      if (!installer) continue;
      const specs = command.slice(installer.from).filter((a) => !a.startsWith('-'));
      for (const spec of specs.filter((s) => fromRegistry(s) && isOurs(s)))
        problems.push(`line ${run.line}: installs ${spec} from the registry; install the packed tarball instead`);
      const global = command.includes('--global') || command.includes('-g');
      if (command[0] === 'npm' && global && specs.length > 0 && specs.every((s) => /\.tgz$/.test(s)))
        installsTarballs = true;
    }
  }
  if (!installsTarballs) problems.push('no RUN npm install --global of the packed tarballs (*.tgz)');
  return problems;
}

/**
 * The Dockerfile's install of the tarballs, as a command to run outside Docker: the
 * `npm install --global …` of its RUN, with each path under a COPY destination mapped back to
 * the context folder it was copied from, and globs expanded. `extra` flags are added at the end.
 */
export function localInstall(text, contextDir, extra = []) {
  const steps = parseDockerfile(text);
  const copies = steps
    .filter((s) => s.instruction === 'COPY' && !/--from=/.test(s.args))
    .map((s) => {
      const w = words(s.args).filter((a) => !a.startsWith('--'));
      return { sources: w.slice(0, -1), dest: w.at(-1) };
    });
  for (const step of steps.filter((s) => s.instruction === 'RUN')) {
    for (const command of shellCommands(step.args)) {
      if (
        command[0] !== 'npm' ||
        !['install', 'i'].includes(command[1]) ||
        !(command.includes('--global') || command.includes('-g'))
      )
        continue;
      const args = command.slice(1).flatMap((arg) => {
        const copy = copies.find((c) => arg.startsWith(c.dest.replace(/\/?$/, '/')));
        if (!copy) return [arg];
        const rest = arg.slice(copy.dest.replace(/\/?$/, '/').length);
        const source =
          copy.sources.length === 1 && copy.sources[0].endsWith('/')
            ? copy.sources[0]
            : dirname(copy.sources[0] ?? '.');
        const local = resolve(contextDir, source, rest);
        if (!local.includes('*')) return [local];
        const pattern = new RegExp(
          `^${basename(local)
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')}$`,
        );
        const matches = readdirSync(dirname(local))
          .filter((f) => pattern.test(f))
          .sort();
        if (matches.length === 0) throw new Error(`${arg}: no file in ${dirname(local)} matches`);
        return matches.map((f) => join(dirname(local), f));
      });
      return { command: 'npm', args: [...args, ...extra] };
    }
  }
  throw new Error('the Dockerfile has no RUN npm install --global');
}

// ---------------------------------------------------------------------------------------------
// Packing.

/** The files a package's tarball must hold to work: its bins and the targets of its exports. */
function requiredFiles(manifest) {
  const files = new Set();
  const bin = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const file of bin) files.add(file);
  const walk = (value) => {
    if (typeof value === 'string') {
      if (!value.includes('*') && !value.endsWith('.d.ts') && !value.endsWith('.d.cts')) files.add(value);
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  return [...files].map((f) => f.replace(/^\.\//, ''));
}

function pnpmPack(dir, destination) {
  const result = spawnSync('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(
      `pnpm pack in ${dir} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
    );
  return JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
}

/**
 * Packs the images' tarballs and writes their build contexts under `out`. `only`: image folder
 * names or package names (default: every image). `expect`: `name@version` pairs the workspace
 * must hold (the release workflow passes the version it just published). Returns the manifest
 * also written to `out/images.json`.
 */
export function packImages({ out = DEFAULT_OUT, only = [], expect = [], root = ROOT, log = () => {} } = {}) {
  out = resolve(out);
  const packages = workspacePackages(root);
  for (const pair of expect) {
    const at = pair.lastIndexOf('@');
    const [name, version] = at > 0 ? [pair.slice(0, at), pair.slice(at + 1)] : [pair, ''];
    const found = packages.get(name);
    if (!found) throw new Error(`--expect ${pair}: ${name} is not a workspace package`);
    if (found.manifest.version !== version)
      throw new Error(`--expect ${pair}: the workspace holds ${name}@${found.manifest.version}`);
  }
  let images = imagePackages(packages, root);
  if (only.length > 0) {
    const unknown = only.filter((o) => !images.some((i) => i.image === o || i.name === o));
    if (unknown.length > 0)
      throw new Error(`no image ${unknown.join(', ')}; the images are ${images.map((i) => i.image).join(', ')}`);
    images = images.filter((i) => only.includes(i.image) || only.includes(i.name));
  }

  // Every Dockerfile is checked before anything is packed.
  const problems = images.flatMap(({ dir }) => {
    const readme = join(root, dir, 'README.md');
    const volumes = existsSync(readme) ? documentedVolumes(readFileSync(readme, 'utf8')) : [];
    return dockerfileProblems(readFileSync(join(root, dir, 'Dockerfile'), 'utf8'), { volumes }).map(
      (p) => `${dir}/Dockerfile: ${p}`,
    );
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));

  // The folder is the script's own: cleared before it is written, unless it is not one of ours.
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, 'images.json')))
    throw new Error(`${out} is not empty and holds no images.json: not clearing it; pick another --out`);
  rmSync(out, { recursive: true, force: true });
  const stage = join(out, '.pack');
  mkdirSync(stage, { recursive: true });
  const packed = new Map();
  const pack = (name) => {
    if (packed.has(name)) return packed.get(name);
    const { dir, manifest } = packages.get(name);
    const result = pnpmPack(join(root, dir), stage);
    const inside = new Set(result.files.map((f) => f.path));
    const missing = requiredFiles(manifest).filter((f) => !inside.has(f));
    if (missing.length > 0) throw new Error(`${name}: its tarball lacks ${missing.join(', ')}; run pnpm build first`);
    const entry = { name, version: result.version, file: basename(result.filename), from: dir };
    log(`packed ${name}@${result.version} (${dir})`);
    packed.set(name, entry);
    return entry;
  };

  const manifest = [];
  for (const image of images) {
    const context = join(out, image.image);
    mkdirSync(join(context, PACKAGES_DIR), { recursive: true });
    copyFileSync(join(root, image.dir, 'Dockerfile'), join(context, 'Dockerfile'));
    const entries = closure([image.name], packages).map(pack);
    for (const entry of entries) copyFileSync(join(stage, entry.file), join(context, PACKAGES_DIR, entry.file));
    manifest.push({
      image: image.image,
      package: image.name,
      version: entries[0].version,
      context: image.image,
      packages: entries,
    });
    log(`${relative(process.cwd(), context) || '.'}: Dockerfile and ${entries.map((e) => e.file).join(', ')}`);
  }
  rmSync(stage, { recursive: true, force: true });
  writeFileSync(join(out, 'images.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The CLI of `pnpm images context`. */
export function contextMain(argv) {
  const options = { out: DEFAULT_OUT, only: [], expect: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--out', '--image', '--expect'].includes(flag) || value === undefined || value.startsWith('--')) {
      console.error(
        `pnpm images context: unknown or incomplete option ${JSON.stringify(flag)}\nusage: pnpm images context [--out DIR] [--image NAME]... [--expect NAME@VERSION]...`,
      );
      return 2;
    }
    i++;
    if (flag === '--out') options.out = value;
    else if (flag === '--image') options.only.push(value);
    else options.expect.push(value);
  }
  try {
    packImages({ ...options, log: (line) => console.log(line) });
    return 0;
  } catch (error) {
    console.error(`pnpm images context: ${error.message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(contextMain(process.argv.slice(2)));
