// What every suite takes and returns.
import type { Machine } from './machine.js';
import type { Table } from './markdown.js';

export interface SuiteContext {
  /** Rounds of measurement; medians are taken over them. */
  runs: number;
  log(line: string): void;
}

export interface SuiteReport {
  id: string;
  title: string;
  /** What was compared and how, printed before the suite runs and published above its tables. */
  method: string[];
  tables: Table[];
  /** Raw samples, written to results.json so a reader can recompute any figure. */
  samples: Record<string, unknown>;
  runs: number;
  measuredAt: string;
  machine: Machine;
}

export interface Suite {
  id: string;
  title: string;
  /** The rounds a full run takes unless --runs says otherwise. */
  defaultRuns: number;
  method(runs: number): string[];
  run(context: SuiteContext): Promise<Omit<SuiteReport, 'id' | 'title' | 'method' | 'runs' | 'measuredAt' | 'machine'>>;
}

/**
 * Runs each contender once per round, rotating who goes first so no contender always gets the
 * warm (or the cold) slot. Returns each contender's samples, one per round, in round order.
 */
export async function interleave<T extends string>(
  runs: number,
  contenders: readonly T[],
  measure: (contender: T, round: number) => Promise<number>,
): Promise<Record<T, number[]>> {
  const samples = Object.fromEntries(contenders.map((name) => [name, [] as number[]])) as Record<T, number[]>;
  for (let round = 0; round < runs; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const contender of order) samples[contender].push(await measure(contender, round));
  }
  return samples;
}
