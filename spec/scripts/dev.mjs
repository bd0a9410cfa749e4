// Watches the spec source and re-bundles and re-lints it on every change, so an author sees
// lint findings as they save. `pnpm dev` at the root runs it through turbo.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { watch } from 'chokidar';
import { specDir } from './tool.mjs';

const WATCHED = [
  'openapi.yaml',
  'paths',
  'webhooks',
  'components',
  'rules',
  'redocly.yaml',
  '.spectral.yaml',
  '.redocly.lint-ignore.yaml',
];
const DEBOUNCE_MS = 200;

const runScript = (script) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [join(specDir, 'scripts', script)], { cwd: specDir, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code === 0));
  });

let timer;
let running = false;
let pending = false;

async function rebuild(reason) {
  if (running) {
    pending = true;
    return;
  }
  running = true;
  console.log(`\n⟳ ${reason}`);
  const bundled = await runScript('bundle.mjs');
  const linted = bundled && (await runScript('lint.mjs'));
  console.log(bundled ? `✔ bundled${linted ? ', lint clean' : ', lint found problems'}` : '✖ bundle failed');
  running = false;
  if (pending) {
    pending = false;
    await rebuild('changes made while rebuilding');
  }
}

// chokidar, not fs.watch: editors that save by writing a new file and renaming it over the old
// one leave an fs.watch watcher on the dead file, and later saves go unnoticed.
const watcher = watch(
  WATCHED.map((entry) => join(specDir, entry)),
  { ignoreInitial: true, cwd: specDir },
);
watcher.on('all', (_event, file) => {
  clearTimeout(timer);
  timer = setTimeout(() => void rebuild(`${file} changed`), DEBOUNCE_MS);
});
await new Promise((resolve) => watcher.once('ready', resolve));
console.log(`watching ${WATCHED.join(', ')} — edit the spec and save`);
await rebuild('start');
