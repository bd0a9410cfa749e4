import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/suites/client-server.ts', 'src/suites/client-memory.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // The contenders (axios, openapi-fetch, the client) are devDependencies here; bundling them
  // would measure a copy, not the package users install.
  skipNodeModulesBundle: true,
});
