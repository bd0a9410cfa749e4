// The bundled spec the sandbox serves, read once at start-up.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '@klavi-pay/openapi-runtime';

const require = createRequire(import.meta.url);

export function loadBundle(): JsonObject {
  return JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8')) as JsonObject;
}
