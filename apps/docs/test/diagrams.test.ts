import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MODEL } from '@klavi-pay/spec/model';
import { describe, expect, it } from 'vitest';
import { commonTargets, MACHINES, renderDiagrams, toDot } from '../scripts/diagrams.mjs';

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));

/** The edges a DOT source draws, with the "any status" note expanded to every live status. */
function edgesOf(dot: string, transitions: Record<string, string[]>): Set<string> {
  const edges = new Set<string>();
  for (const [, from, to] of dot.matchAll(/^\s+"?([\w]+)"? -> "([\w]+)"/gm)) {
    if (from === 'start') continue;
    if (from === 'any') for (const live of Object.keys(transitions)) edges.add(`${live}>${to}`);
    else edges.add(`${from}>${to}`);
  }
  return edges;
}

describe.each(MACHINES.map((m) => [m.schema, m]))('the %s diagram', (schemaName) => {
  const schema = spec.components.schemas[schemaName];
  const transitions = schema['x-transitions'] as Record<string, string[]>;
  // The raw schema is the oracle; the diagram is drawn from the published model's reading of it.
  const dot = toDot(MODEL.stateMachines[schemaName as keyof typeof MODEL.stateMachines]);

  it('draws exactly the moves of x-transitions', () => {
    const expected = new Set(Object.entries(transitions).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)));
    expect(edgesOf(dot, transitions)).toEqual(expected);
  });

  it('marks the terminal statuses, and nothing else, with a double border', () => {
    const doubled = [...dot.matchAll(/^\s+"(\w+)" \[[^\]]*peripheries=2/gm)].map((m) => m[1]);
    expect(doubled.sort()).toEqual([...schema['x-terminal-values']].sort());
  });

  it('starts at the statuses nothing leads to', () => {
    const starts = [...dot.matchAll(/start -> "(\w+)"/g)].map((m) => m[1]);
    const targets = new Set(Object.values(transitions).flat());
    expect(starts).toEqual(schema.enum.filter((s: string) => !targets.has(s)));
  });
});

describe('commonTargets', () => {
  it('keeps only the statuses every live status can reach', () => {
    expect([...commonTargets({ A: ['B', 'X'], B: ['C', 'X'], C: ['D', 'X', 'Y'] })]).toEqual(['X']);
    expect([...commonTargets({ A: ['X'], B: ['X'] })]).toEqual([]);
  });
});

describe('renderDiagrams', () => {
  it('renders an SVG per machine that names every status', async () => {
    const diagrams = await renderDiagrams(spec);
    expect(diagrams.map((d) => d.file)).toEqual(MACHINES.map((m) => m.file));
    for (const diagram of diagrams) {
      expect(diagram.svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
      for (const status of spec.components.schemas[diagram.schema].enum)
        expect(diagram.svg, status).toContain(`>${status}</text>`);
    }
  });
});
