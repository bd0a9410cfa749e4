// The languages every operation's samples come in, in the order the page offers them. Each one
// is run against the sandbox in the docs' tests (test/samples-run.test.ts); a language joins this
// list only with the runtime that runs it installed by setup (scripts/ensure-runtimes.mjs).
import { csharp } from './csharp.mjs';
import { curl } from './curl.mjs';
import { go } from './go.mjs';
import { javaSample } from './java.mjs';
import { javascript } from './javascript.mjs';
import { php } from './php.mjs';
import { python } from './python.mjs';
import { ruby } from './ruby.mjs';
import { typescript } from './typescript.mjs';

/** @typedef {{ lang: string, label: string, render(req: import('./request.mjs').SampleRequest): string }} SampleLanguage */

/** @type {readonly SampleLanguage[]} */
export const LANGUAGES = [curl, typescript, javascript, python, ruby, php, javaSample, go, csharp];
