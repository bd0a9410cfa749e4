// DECISIONS.md stays in step with the spec: every decision the spec cites exists, and every one
// of the inventory's 30 conflicts is mapped to a decision.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle, specDir } from './support/spec.js';

const decisions = readFileSync(join(specDir, 'DECISIONS.md'), 'utf8');
const headings = new Set([...decisions.matchAll(/^### (D-\d+) — /gm)].map((m) => m[1]));
const cited = new Set([...JSON.stringify(bundle).matchAll(/DECISIONS\.md, (D-\d+)/g)].map((m) => m[1]));

describe('DECISIONS.md', () => {
  it('has an entry for every decision the spec cites', () => {
    expect(cited.size).toBeGreaterThan(20);
    expect([...cited].filter((id) => !headings.has(id))).toEqual([]);
  });

  it('maps each of the 30 documented conflicts to a decision that exists', () => {
    const rows = [...decisions.matchAll(/^\| (\d+) \| [^|]+ \| ([^|]+) \|$/gm)];
    expect(rows.map((r) => Number(r[1]))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const row of rows) {
      for (const id of row[2]!.match(/D-\d+/g) ?? []) expect(headings.has(id), `${id} (row ${row[1]})`).toBe(true);
    }
  });
});
