// Preloaded into a server under test (`node --expose-gc -r heap-probe.cjs …`). On SIGUSR2 it runs
// a full garbage collection and writes the process's memory to the file KLAVI_BENCH_HEAP_FILE
// names, so the bench reads what the store holds, not when the collector last happened to run.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  const file = process.env.KLAVI_BENCH_HEAP_FILE;
  if (!file || typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  // Written whole, then renamed: the bench never reads half a file.
  writeFileSync(`${file}.part`, JSON.stringify({ rss, heapUsed }));
  renameSync(`${file}.part`, file);
});
