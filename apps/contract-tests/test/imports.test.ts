// The modules of src/ import each other without cycles (type imports included), so that each can
// be read, tested and changed on its own. A cycle is reported as the chain of files that closes it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { recursive: true })) {
    const file = String(entry);
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)\.js'/gm)].map((m) => normalize(join(dirname(file), `${m[1]}.ts`)));
    graph.set(normalize(file), targets);
  }
  return graph;
}

export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the modules of src/', () => {
  it('import each other without a cycle', () => {
    const graph = importGraph(src);
    expect(graph.size).toBeGreaterThan(20);
    expect(graph.get('fixtures.ts')).toContain('api-call.ts');
    expect(findCycle(graph)?.map((f) => relative('.', f)).join(' → ')).toBeUndefined();
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
