// The real Klavi Pay bundle, read from the repo rather than through a dependency on @klavi-pay/spec:
// a dependency would make the differ a reader of the spec in the build graph, and only these tests
// read it. turbo.json lists the file as an input of `test`, so editing the spec re-runs them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUNDLE_FILE = join(import.meta.dirname, '..', '..', '..', 'spec', 'dist', 'openapi.json');
export const bundle = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8'));
