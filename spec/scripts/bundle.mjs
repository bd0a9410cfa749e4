// Bundles the multi-file source into two self-contained OpenAPI 3.1 documents.
// dist/ is emptied first: turbo restores cached outputs by merging, so a file dropped from the
// bundle set would otherwise linger.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTool, specDir } from './tool.mjs';

const dist = join(specDir, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const target of ['openapi.yaml', 'openapi.json']) {
  runTool('@redocly/cli', 'redocly', ['bundle', 'openapi.yaml', '--output', join('dist', target)], { inherit: true });
}
