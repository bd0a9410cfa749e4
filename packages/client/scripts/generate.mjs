// Generates src/generated/ from what the spec package publishes (@klavi-pay/spec):
//   schema.ts        the re-export of its types (@klavi-pay/spec/types, openapi-typescript's output:
//                    paths, components, operations and every named root type), each by name except
//                    those named like a JavaScript global (Error, Date), which would shadow the
//                    global in a merchant's module; all of them stay reachable as `KlaviTypes.X`;
//   spec-metadata.ts the runtime facts the client projects from its model (@klavi-pay/spec/model)
//                    instead of typing them twice: environments, token operations, each
//                    operation's method/path/security/retry class, and every named enum with its
//                    terminal values.
// `--check` regenerates in memory and fails when the committed files differ (the drift check).
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MODEL } from '@klavi-pay/spec/model';
import { renderGenerated } from './render-generated.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
// --out exists for the drift check's own test, which must not touch the committed files.
const outDir = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : join(packageDir, 'src', 'generated');
// The ES module entry's declarations (dist/types.d.ts); the CommonJS twin holds the same.
const typesDeclaration = fileURLToPath(import.meta.resolve('@klavi-pay/spec/types')).replace(/\.js$/, '.d.ts');

async function render() {
  return renderGenerated(MODEL, readFileSync(typesDeclaration, 'utf8'));
}

const files = await render();
if (process.argv.includes('--check')) {
  const stale = Object.entries(files).filter(([name, contents]) => {
    try {
      return readFileSync(join(outDir, name), 'utf8') !== contents;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    for (const [name] of stale) console.error(`stale: ${relative(process.cwd(), join(outDir, name))}`);
    console.error(
      'The generated client is not up to date with the spec. Run `pnpm --filter @klavi-pay/client generate` and commit the result.',
    );
    process.exit(1);
  }
  console.log(`generated client is up to date with ${relative(process.cwd(), typesDeclaration)}`);
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(outDir, name), contents);
  // Under turbo, tell the repo's guard what this task hash produced (scripts/generated.mjs).
  const guard = join(packageDir, '..', '..', 'scripts', 'generated.mjs');
  if (outFlag < 0 && process.env.TURBO_HASH && existsSync(guard))
    (await import(pathToFileURL(guard).href)).recordGenerated('packages/client/src/generated');
  console.log(
    `generated ${Object.keys(files)
      .map((n) => relative(process.cwd(), join(outDir, n)))
      .join(', ')}`,
  );
}
