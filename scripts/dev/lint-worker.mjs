// A worker thread that keeps one linter of spec/scripts/linter.mjs warm (Redocly or Spectral, per
// workerData.kind), so that `pnpm dev` lints on another core while its main thread renders the
// page and keeps answering requests. One request at a time, in the order they came.
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ specDir: string, kind: 'redocly' | 'spectral', linterUrl: string }} */
const { specDir, kind, linterUrl } = workerData;
const { createLinter } = await import(linterUrl);
const linter = await createLinter(specDir);
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

let queue = Promise.resolve();
port.on('message', (/** @type {{ id: number, bundleYaml: string }} */ { id, bundleYaml }) => {
  queue = queue.then(async () => {
    try {
      const findings = kind === 'redocly' ? await linter.redocly() : await linter.spectral(bundleYaml);
      port.postMessage({ id, findings });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});
port.postMessage({ ready: true });
