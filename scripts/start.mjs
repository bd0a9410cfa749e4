// `pnpm start`, the setup's main job: build and check everything, run a payment end to end on the
// embedded sandbox, certify the sandbox with the contract tests, then serve the API reference on localhost (rebuilt whenever spec/ changes)
// until Ctrl-C. Under CI (CI=true) it stops before serving.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`✗ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

// The build first, in its two turbo runs (scripts/build.mjs): a package build follows the files the
// generators write, so it must not run beside them.
step('bundle the spec, generate the client and build every package (turbo)', process.execPath, [
  join(root, 'scripts', 'build.mjs'),
]);
step('lint and type-check (turbo)', process.execPath, [join(root, 'scripts', 'turbo.mjs'), 'run', 'lint', 'typecheck']);
step('a Pix payment end to end on the embedded sandbox', process.execPath, [
  join(root, 'packages', 'client', 'examples', 'quickstart.mjs'),
]);
step('certify the embedded sandbox against the spec (klavi-contract)', process.execPath, [
  join(root, 'apps', 'contract-tests', 'bin', 'klavi-contract.js'),
  '--quiet',
  '--seed',
  '1',
]);

if (process.env.CI) {
  console.log(
    '\nCI is set: not serving the docs. Locally, `pnpm docs` serves them and `pnpm sandbox` runs the simulator.',
  );
  process.exit(0);
}
console.log('\n▶ the API reference (Ctrl-C to stop; `pnpm sandbox` runs the simulator in another terminal)');
const docs = spawn(process.execPath, [join(root, 'apps', 'docs', 'scripts', 'serve.mjs'), '--watch'], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => docs.kill(signal));
docs.on('exit', (code) => process.exit(code ?? 0));
