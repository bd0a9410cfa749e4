import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'corpus/index': 'src/corpus/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
});
