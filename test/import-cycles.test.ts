// No package imports itself in a circle: not its own modules (type imports included), and not the
// workspace packages among themselves. And the packages import one another in the direction the
// design says: the generic runtime at the bottom, the spec above it, everything else above that.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycle, moduleGraph, packageGraph, specifiersOf, workspacePackages } from '../scripts/import-graph.mjs';

const root = join(import.meta.dirname, '..');
const packages = workspacePackages(root);
const graph = packageGraph(root);

describe.each(packages.map((p) => [p.dir, p] as const))('%s', (dir) => {
  it('has no import cycle among its modules', () => {
    const modules = moduleGraph(join(root, dir));
    expect(modules.size).toBeGreaterThan(0);
    expect(findCycle(modules)?.join(' → ')).toBeUndefined();
  });
});

describe('the workspace packages', () => {
  it('import one another without a cycle', () => {
    expect(graph.size).toBe(packages.length);
    expect(findCycle(graph)?.join(' → ')).toBeUndefined();
  });

  it('build on the generic runtime, which imports nothing of the workspace', () => {
    expect(graph.get('@klavi-pay/openapi-runtime')).toEqual([]);
    expect(graph.get('@klavi-pay/spec')).toEqual(['@klavi-pay/openapi-runtime']);
  });

  it('keep the simulator off the client: the sandbox imports the spec and the runtime only', () => {
    expect(graph.get('@klavi-pay/sandbox')).toEqual(['@klavi-pay/openapi-runtime', '@klavi-pay/spec']);
  });

  it('read the spec from the spec package, not from the client', () => {
    for (const name of ['@klavi-pay/client', '@klavi-pay/sandbox', '@klavi-pay/contract-tests', '@klavi-pay/docs']) {
      expect(graph.get(name), name).toContain('@klavi-pay/spec');
    }
  });
});

describe('the import reader', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'klavi-imports-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads static, multi-line, side-effect, dynamic and type imports', () => {
    const text = [
      "import a from './a.js';",
      'import {',
      '  b,',
      "} from './b.js';",
      "import type { C } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
    ].join('\n');
    expect(specifiersOf(text).sort()).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('finds and names a cycle through a type import, in TypeScript and in plain JavaScript', () => {
    mkdirSync(join(scratch, 'src', 'domain'), { recursive: true });
    writeFileSync(
      join(scratch, 'src', 'domain', 'state.ts'),
      "import { enforce } from './retention.js';\nexport const state = enforce;\n",
    );
    writeFileSync(
      join(scratch, 'src', 'domain', 'retention.ts'),
      "import type { State } from '../store.js';\nexport const enforce = 1;\n",
    );
    writeFileSync(
      join(scratch, 'src', 'store.ts'),
      "import { state } from './domain/state.js';\nexport type State = typeof state;\n",
    );
    writeFileSync(join(scratch, 'serve.mjs'), "import { build } from './build.mjs';\nexport const serve = build;\n");
    writeFileSync(join(scratch, 'build.mjs'), "export const build = () => import('./serve.mjs');\n");
    const modules = moduleGraph(scratch);
    expect(findCycle(modules)).toEqual(['build.mjs', 'serve.mjs', 'build.mjs']);
    modules.delete('build.mjs');
    expect(findCycle(modules)).toEqual([
      'src/domain/retention.ts',
      'src/store.ts',
      'src/domain/state.ts',
      'src/domain/retention.ts',
    ]);
  });
});
