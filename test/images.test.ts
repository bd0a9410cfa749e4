// The Docker images, short of a Docker engine (this machine has none): the build contexts
// `pnpm images context` packs, the Dockerfile rules and a fault that trips each, the Dockerfiles'
// own install run with npm outside Docker on the same tarballs, and the smoke script's
// create/read phases against a klavi-sandbox from that install, restarted on its --data file.
// What only the workflow proves (the images job of .github/workflows/spec-pr.yml, `pnpm images
// smoke`): that the Dockerfiles build, that the container runs as node and turns healthy, that a
// named volume on /data is writable by it, and that `docker restart` keeps the payment.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractArgs, DEMO_CUSTOMER, DEMO_MANAGEMENT, readmeDataRun } from '../scripts/image-smoke.mjs';
import {
  closure,
  dockerfileProblems,
  documentedVolumes,
  localInstall,
  packImages,
  parseDockerfile,
  type PackedImage,
  type WorkspacePackage,
} from '../scripts/pack-images.mjs';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'scripts', 'images.mjs');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const SANDBOX = read('packages/sandbox/Dockerfile');
const CONTRACT = read('apps/contract-tests/Dockerfile');
const SANDBOX_VOLUMES = documentedVolumes(read('packages/sandbox/README.md'));

let scratch: string;
let out: string;
let images: PackedImage[];
const children = new Set<ChildProcess>();

const run = (args: string[], timeout = 60_000) =>
  spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout });

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'klavi-images-'));
  out = join(scratch, 'context');
  const result = run(['context', '--out', out], 120_000);
  if (result.status !== 0) throw new Error(`pnpm images context failed:\n${result.stdout}${result.stderr}`);
  images = JSON.parse(readFileSync(join(out, 'images.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The package.json inside a tarball. */
function manifestOf(tarball: string): { name: string; version: string; dependencies?: Record<string, string> } {
  const result = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar ${tarball}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('pnpm images context', () => {
  it('writes one context per Dockerfile: the Dockerfile beside the tarballs of its package and its workspace dependencies', () => {
    const byImage = Object.fromEntries(images.map((i) => [i.image, i.packages.map((p) => p.name).sort()]));
    expect(byImage).toEqual({
      sandbox: ['@klavi-pay/openapi-runtime', '@klavi-pay/sandbox', '@klavi-pay/spec'],
      'contract-tests': [
        '@klavi-pay/client',
        '@klavi-pay/contract-tests',
        '@klavi-pay/openapi-runtime',
        '@klavi-pay/sandbox',
        '@klavi-pay/spec',
      ],
    });
    for (const image of images) {
      const dir = join(out, image.image);
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(image.image === 'sandbox' ? SANDBOX : CONTRACT);
      expect(readdirSync(join(dir, 'packages')).sort()).toEqual(image.packages.map((p) => p.file).sort());
    }
  });

  it('is complete: every @klavi-pay dependency of every tarball is a tarball of the same context, at the version it names', () => {
    for (const image of images) {
      const manifests = image.packages.map((p) => manifestOf(join(out, image.image, 'packages', p.file)));
      const held = new Map(manifests.map((m) => [m.name, m.version]));
      for (const m of manifests) {
        for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
          if (!dep.startsWith('@klavi-pay/')) continue;
          expect(held.get(dep), `${image.image}: ${m.name} needs ${dep}@${range}`).toBe(range);
        }
        expect(JSON.stringify(m)).not.toContain('workspace:');
      }
    }
  });

  it('derives the closure from dependencies, optional and peer ones, never devDependencies, and refuses a private package', () => {
    const pkg = (name: string, fields: Record<string, unknown> = {}): [string, WorkspacePackage] => [
      name,
      { dir: name, manifest: { name, version: '1.0.0', ...fields } },
    ];
    const packages = new Map([
      pkg('a', {
        dependencies: { b: 'workspace:*', lodash: '^4' },
        devDependencies: { dev: 'workspace:*' },
        peerDependencies: { c: 'workspace:^' },
      }),
      pkg('b', { optionalDependencies: { d: 'workspace:*' } }),
      pkg('c'),
      pkg('d'),
      pkg('dev'),
      pkg('secret', { private: true }),
      pkg('e', { dependencies: { secret: 'workspace:*' } }),
    ]);
    expect(closure(['a'], packages)).toEqual(['a', 'b', 'c', 'd']);
    expect(() => closure(['e'], packages)).toThrow(/secret is private/);
  });

  it('refuses a version the workspace does not hold (the release passes the one it published)', () => {
    const result = run(['context', '--out', join(scratch, 'other'), '--expect', '@klavi-pay/sandbox@99.0.0']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--expect @klavi-pay\/sandbox@99\.0\.0: the workspace holds @klavi-pay\/sandbox@\d/);
  });

  it('does not clear a folder that is not its own', () => {
    const folder = join(scratch, 'mine');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'keep');
    const result = run(['context', '--out', folder]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not empty and holds no images\.json/);
    expect(existsSync(join(folder, 'keep.txt'))).toBe(true);
  });
});

/** The sandbox Dockerfile with `from` (a string or pattern, which must match) replaced by `to`. */
function mutate(from: string | RegExp, to: string, text = SANDBOX): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`the mutation ${String(from)} matched nothing`);
  return next;
}

// The Dockerfiles as they were: a registry install of the published version, and no /data.
const BEFORE = `FROM node:20-slim
ARG VERSION=latest
RUN npm install --global "@klavi-pay/sandbox@\${VERSION}" && npm cache clean --force
ENV HOST=0.0.0.0 PORT=4010
EXPOSE 4010
USER node
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "process.exit(0)"]
ENTRYPOINT ["klavi-sandbox"]
`;

describe('the Dockerfile rules', () => {
  it('both Dockerfiles pass, the sandbox with the volume its README mounts', () => {
    expect(SANDBOX_VOLUMES).toEqual(['/data']);
    expect(dockerfileProblems(SANDBOX, { volumes: SANDBOX_VOLUMES })).toEqual([]);
    expect(dockerfileProblems(CONTRACT, { volumes: documentedVolumes(read('apps/contract-tests/README.md')) })).toEqual(
      [],
    );
  });

  it('the Dockerfile as it was fails: a registry install of ours, no /data volume', () => {
    const problems = dockerfileProblems(BEFORE, { volumes: ['/data'] });
    expect(problems).toEqual([
      "/data is mounted in the README's docker run but is not declared: add VOLUME /data",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${VERSION} build argument, quoted
      'line 3: installs @klavi-pay/sandbox@${VERSION} from the registry; install the packed tarball instead',
      'no RUN npm install --global of the packed tarballs (*.tgz)',
    ]);
  });

  const USER = /^USER node$/m;
  const MAKE = 'RUN mkdir -p /data && chown node:node /data\n';
  const faults: Array<[string, string, RegExp]> = [
    ['no USER', mutate(USER, ''), /no USER instruction: the container runs as root/],
    ['USER root', mutate(USER, 'USER root'), /USER root runs the container as root/],
    ['USER 0:0', mutate(USER, 'USER 0:0'), /USER 0:0 runs the container as root/],
    ['a later USER root wins', `${SANDBOX}USER root\n`, /USER root runs the container as root/],
    ['no HEALTHCHECK on an image that EXPOSEs', mutate(/^HEALTHCHECK .*$/m, ''), /EXPOSE without a HEALTHCHECK/],
    ['HEALTHCHECK NONE', mutate(/^HEALTHCHECK .*$/m, 'HEALTHCHECK NONE'), /HEALTHCHECK NONE on a server image/],
    [
      'no VOLUME /data',
      mutate(/^VOLUME \/data$/m, ''),
      /\/data is mounted in the README's docker run but is not declared/,
    ],
    [
      '/data not made',
      mutate(MAKE, 'RUN chown node:node /data\n'),
      /VOLUME \/data: no RUN mkdir of it before USER node/,
    ],
    ['/data not chowned', mutate(MAKE, 'RUN mkdir -p /data\n'), /VOLUME \/data: no RUN chown node of it/],
    [
      '/data chowned to root',
      mutate(MAKE, 'RUN mkdir -p /data && chown root:root /data\n'),
      /VOLUME \/data: no RUN chown node of it/,
    ],
    [
      '/data made after USER',
      mutate(USER, `USER node\n${MAKE}`, mutate(MAKE, '')),
      /no RUN mkdir of it before USER node \(line \d+\)/,
    ],
    [
      '/data made after VOLUME',
      mutate(/^VOLUME \/data$/m, `VOLUME /data\n${MAKE}`, mutate(MAKE, '')),
      /no RUN chown node of it before USER node \(line \d+\) and VOLUME/,
    ],
    [
      'a registry install of ours',
      mutate(/^RUN npm install .*$/m, 'RUN npm install --global @klavi-pay/sandbox@1.0.0'),
      /installs @klavi-pay\/sandbox@1\.0\.0 from the registry/,
    ],
    [
      'one of ours beside the tarballs',
      mutate('/tmp/klavi/*.tgz', '/tmp/klavi/*.tgz @klavi-pay/spec'),
      /installs @klavi-pay\/spec from the registry/,
    ],
    [
      'a registry install split over lines',
      mutate(/^RUN npm install .*$/m, 'RUN npm install -g \\\n    "@klavi-pay/sandbox"'),
      /line \d+: installs @klavi-pay\/sandbox from the registry/,
    ],
    [
      'npx of ours',
      mutate(/^RUN mkdir/m, 'RUN npx @klavi-pay/sandbox --version && mkdir'),
      /installs @klavi-pay\/sandbox from the registry/,
    ],
    [
      'no install of the tarballs',
      mutate(/^RUN npm install .*$/m, 'RUN true'),
      /no RUN npm install --global of the packed tarballs/,
    ],
  ];
  it.each(faults)('%s: tripped', (_name, text, message) => {
    const problems = dockerfileProblems(text, { volumes: SANDBOX_VOLUMES });
    expect(
      problems.some((p) => message.test(p)),
      problems.join('\n') || 'no problem found',
    ).toBe(true);
  });

  it('the contract image, with a registry install, trips too', () => {
    const problems = dockerfileProblems(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile line, with its ${VERSION} build argument
      mutate(/^RUN npm install .*$/m, 'RUN npm install --global "@klavi-pay/contract-tests@${VERSION}"', CONTRACT),
    );
    expect(
      problems.some((p) => /^line \d+: installs @klavi-pay\/contract-tests@\$\{VERSION\} from the registry/.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('the packer applies them, with the README mounts, before it packs anything', () => {
    // A workspace of one package whose Dockerfile is the old one: refused, nothing packed.
    const fake = join(scratch, 'fake-workspace');
    mkdirSync(join(fake, 'pkg'), { recursive: true });
    writeFileSync(join(fake, 'pnpm-workspace.yaml'), 'packages:\n  - pkg\n');
    writeFileSync(join(fake, 'pkg', 'package.json'), JSON.stringify({ name: '@klavi-pay/fake', version: '1.0.0' }));
    writeFileSync(join(fake, 'pkg', 'Dockerfile'), BEFORE);
    writeFileSync(
      join(fake, 'pkg', 'README.md'),
      '```sh\ndocker run -v klavi:/data -e KLAVI_SANDBOX_DATA=/data/x.mdb fake\n```\n',
    );
    const target = join(scratch, 'fake-out');
    expect(() => packImages({ root: fake, out: target })).toThrow(
      /pkg\/Dockerfile: \/data is mounted in the README's docker run but is not declared[\s\S]*pkg\/Dockerfile: line 3: installs @klavi-pay\/sandbox@\$\{VERSION\} from the registry/,
    );
    expect(existsSync(target)).toBe(false);
  });

  it("the README's volume and data file are the ones the smoke test runs with, and the data file stays opt-in", () => {
    const { volume, file } = readmeDataRun(read('packages/sandbox/README.md'));
    expect({ volume, file }).toEqual({ volume: '/data', file: '/data/sandbox.mdb' });
    expect(
      parseDockerfile(SANDBOX)
        .filter((s) => s.instruction === 'ENV')
        .map((s) => s.args)
        .join(' '),
    ).not.toMatch(/KLAVI_SANDBOX_DATA/);
    expect(read('packages/sandbox/src/config.ts')).toMatch(/pick\('data', \['KLAVI_SANDBOX_DATA'\]/);
  });
});

/** A Dockerfile's ENTRYPOINT, exec form. */
const entrypoint = (text: string) =>
  JSON.parse(parseDockerfile(text).find((s) => s.instruction === 'ENTRYPOINT')!.args) as string[];

function npmInstall(image: PackedImage, prefix: string): Promise<{ code: number | null; output: string }> {
  const text = readFileSync(join(out, image.image, 'Dockerfile'), 'utf8');
  // The Dockerfile's own command and tarballs; outside Docker: a prefix of our own, npm's cache.
  const { command, args } = localInstall(text, join(out, image.image), ['--prefix', prefix, '--prefer-offline']);
  const child = spawn(command, args, {
    cwd: scratch,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return once(child, 'exit').then(([code]) => {
    clearTimeout(timer);
    return { code: code as number | null, output: `${command} ${args.join(' ')}\n${output}` };
  });
}

/** Every package folder below `dir`'s node_modules that is one of ours, as a path. */
function oursBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(modules, entry.name);
      if (entry.name === '@klavi-pay') for (const pkg of readdirSync(path)) found.push(join(path, pkg));
      const packagesHere = entry.name.startsWith('@') ? readdirSync(path).map((p) => join(path, p)) : [path];
      for (const pkg of packagesHere) walk(join(pkg, 'node_modules'));
    }
  };
  walk(dir);
  return found;
}

describe("the Dockerfiles' install, run with npm outside Docker on the same tarballs", () => {
  const prefixes: Record<string, string> = {};
  beforeAll(async () => {
    const results = await Promise.all(
      images.map(async (image) => {
        prefixes[image.image] = join(scratch, `global-${image.image}`);
        return { image: image.image, ...(await npmInstall(image, prefixes[image.image]!)) };
      }),
    );
    for (const r of results)
      if (r.code !== 0) throw new Error(`${r.image}: the install failed (exit ${r.code}):\n${r.output}`);
  }, 180_000);

  it('installs each of our packages once, from its tarball: none nested, none from the registry', () => {
    for (const image of images) {
      const lib = join(prefixes[image.image]!, 'lib', 'node_modules');
      const ours = oursBelow(lib);
      expect(ours.sort()).toEqual(image.packages.map((p) => join(lib, p.name)).sort());
      for (const p of image.packages)
        expect(JSON.parse(readFileSync(join(lib, p.name, 'package.json'), 'utf8')).version).toBe(p.version);
    }
  });

  it.each(['sandbox', 'contract-tests'])("the %s image's ENTRYPOINT answers --help", (name) => {
    const image = images.find((i) => i.image === name)!;
    const [bin] = entrypoint(readFileSync(join(out, image.image, 'Dockerfile'), 'utf8'));
    const result = spawnSync(join(prefixes[name]!, 'bin', bin!), ['--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Usage: ${bin}`);
  });

  describe("the smoke script's create and read, against that klavi-sandbox with --data, across a restart", () => {
    const data = () => join(scratch, 'data', 'sandbox.mdb');
    const state = () => join(scratch, 'state.json');

    /** klavi-sandbox from the sandbox image's install, on a free port; resolves to it and its URL. */
    async function startSandbox(args: string[]): Promise<{ child: ChildProcess; url: string }> {
      const bin = join(prefixes.sandbox!, 'bin', 'klavi-sandbox');
      const child = spawn(bin, ['--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const deadline = Date.now() + 30_000;
      while (!/listening on (http:\S+)/.test(output)) {
        if (child.exitCode !== null) throw new Error(`klavi-sandbox exited with ${child.exitCode}: ${output}`);
        if (Date.now() > deadline) throw new Error(`klavi-sandbox did not listen within 30 s: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return { child, url: /listening on (http:\S+)/.exec(output)![1]! };
    }
    async function stop(child: ChildProcess) {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const smoke = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
        // Async: the sandbox this calls runs in the test's own event loop's children.
        const child = spawn(process.execPath, [cli, 'smoke', ...args], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c) => (stdout += c));
        child.stderr.on('data', (c) => (stderr += c));
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('exit', (status) => {
          clearTimeout(timer);
          done({ status, stdout, stderr });
        });
      });

    let restarted: { child: ChildProcess; url: string } | undefined;

    it('creates a payment, and reads it back after the sandbox restarts on the same file', async () => {
      mkdirSync(join(scratch, 'data'), { recursive: true });
      const first = await startSandbox(['--data', data()]);
      const created = await smoke(['create', '--base-url', first.url, '--state', state()]);
      expect(created.status, created.stderr).toBe(0);
      const { id } = JSON.parse(readFileSync(state(), 'utf8'));
      expect(id).toMatch(/\S/);
      await stop(first.child);

      restarted = await startSandbox(['--data', data()]);
      // A new process, nothing shared but the file. Not "another port": port 0 may hand out the
      // port the first process has just freed (it did once, failing this test for no fault).
      expect(first.child.exitCode ?? first.child.signalCode).not.toBeNull();
      expect(restarted.child.pid).not.toBe(first.child.pid);
      const readBack = await smoke(['read', '--base-url', restarted.url, '--state', state()]);
      expect(readBack.status, readBack.stderr).toBe(0);
      expect(readBack.stdout).toContain(`read payment ${id} back`);
    }, 90_000);

    it('fails, saying so, when the restarted sandbox kept nothing', async () => {
      const forgetful = await startSandbox([]);
      try {
        const result = await smoke(['read', '--base-url', forgetful.url, '--state', state()]);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/answered 404, not 200: the payment made before the restart is gone/);
      } finally {
        await stop(forgetful.child);
      }
    }, 60_000);

    it('gives up on a sandbox that never answers, within its --timeout', async () => {
      const started = Date.now();
      const result = await smoke([
        'create',
        '--base-url',
        'http://127.0.0.1:9',
        '--state',
        join(scratch, 'never.json'),
        '--timeout',
        '1',
      ]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/\/__sandbox\/clock did not answer 200 within 1 s/);
      expect(Date.now() - started).toBeLessThan(15_000);
    }, 30_000);

    it('refuses a phase without its state file, as a usage error', async () => {
      const result = await smoke(['read', '--base-url', 'http://127.0.0.1:9']);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--base-url and --state are required/);
    });

    it("the smoke test's credentials are the demo ones the installed sandbox serves", async () => {
      const installed = join(prefixes.sandbox!, 'lib', 'node_modules', '@klavi-pay', 'sandbox', 'dist', 'index.js');
      const { DEMO_CREDENTIALS } = (await import(pathToFileURL(installed).href)) as {
        DEMO_CREDENTIALS: Record<string, Array<{ accessKey: string; secretKey: string }>>;
      };
      expect(DEMO_CREDENTIALS.CustomerBearer![0]).toMatchObject(DEMO_CUSTOMER);
      expect(DEMO_CREDENTIALS.ManagementBearer![0]).toMatchObject(DEMO_MANAGEMENT);
    });

    it("klavi-contract from the contract image's install certifies the restarted sandbox, with the arguments the workflow gives the image", () => {
      expect(restarted, 'the restart test ran first').toBeDefined();
      const bin = join(prefixes['contract-tests']!, 'bin', entrypoint(CONTRACT)[0]!);
      const result = spawnSync(bin, contractArgs(restarted!.url), {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      expect(result.status, result.stdout.slice(-2000) + result.stderr).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ESC-started colour escapes from the CLI's output
      expect(result.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Checks: \d+ passed, 0 failed/);
    }, 150_000);
  });
});
