import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../src/index.js';

const require = createRequire(import.meta.url);
/** The Klavi Pay bundle: a real 3.1 document with refs, discriminators and conditionals. */
export const bundle = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8')) as JsonObject;
