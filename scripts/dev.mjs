// `pnpm dev`: the spec author's loop. Serves the API reference and watches spec/; each burst of
// saves re-bundles and re-lints the spec, regenerates the client types and rebuilds the client and
// the docs, all through turbo, so only what the change touches runs and the rest is a cache hit.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveDocs } from '../apps/docs/scripts/serve.mjs';
import { runTurbo } from './generated.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What a spec change rebuilds; turbo adds the dependencies (bundle before generate, generate before build). */
export const DEV_TURBO_ARGS = [
  'run',
  'lint',
  'generate',
  'build',
  '--filter=@klavi-pay/spec',
  '--filter=@klavi-pay/client',
  '--filter=@klavi-pay/docs',
];

/** Runs the rebuild; `summary` is turbo's count of tasks run and replayed from cache. */
export function devRebuild(extra = ['--output-logs=errors-only']) {
  const result = runTurbo([...DEV_TURBO_ARGS, ...extra], {
    stdio: 'pipe',
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(output);
  const cached = /Cached:\s+(\d+) cached/.exec(output);
  const summary =
    tasks && cached ? `${Number(tasks[2]) - Number(cached[1])} of ${tasks[2]} tasks ran, ${cached[1]} from cache` : '';
  return { ok: result.status === 0, output, summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  console.log('▶ first build (turbo: spec, client, docs)');
  const first = devRebuild();
  if (!first.ok) {
    console.error(first.output);
    process.exit(1);
  }
  let last = first;
  const docs = await serveDocs({
    port: Number(values.port),
    host: values.host,
    watchDir: join(root, 'spec'),
    rebuild: () => (last = devRebuild()),
    log: (line) =>
      console.log(
        last.ok && last.summary
          ? line.replace(
              /^rebuilt the docs/,
              `re-bundled and linted the spec, regenerated the client and rebuilt the docs: ${last.summary},`,
            )
          : line,
      ),
  });
  console.log(
    `${first.summary}\nAPI reference on ${docs.url}; watching spec/ (Ctrl-C to stop; reload the page after a save)`,
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void docs.close().then(() => process.exit(0)));
}
