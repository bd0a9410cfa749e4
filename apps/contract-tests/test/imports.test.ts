// The modules of src/ import each other without cycles (type imports included), so that each can
// be read, tested and changed on its own. A cycle is reported as the chain of files that closes it.
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
// The repo's one import reader, which the import-cycle test of every package uses too.
import { findCycle, moduleGraph as importGraph } from '../../../scripts/import-graph.mjs';

const src = join(import.meta.dirname, '..', 'src');

describe('the modules of src/', () => {
  it('import each other without a cycle', () => {
    const graph = importGraph(src);
    expect(graph.size).toBeGreaterThan(20);
    expect(graph.get('fixtures.ts')).toContain('api-call.ts');
    expect(
      findCycle(graph)
        ?.map((f) => relative('.', f))
        .join(' → '),
    ).toBeUndefined();
  });

  it('a cycle would be found and named', () => {
    const graph = new Map([
      ['context.ts', ['fixtures.ts']],
      ['fixtures.ts', ['skip.ts', 'context.ts']],
      ['skip.ts', []],
    ]);
    expect(findCycle(graph)).toEqual(['context.ts', 'fixtures.ts', 'context.ts']);
  });
});
