import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';
export declare const ROOT: string;
export declare const GENERATORS: Array<{ task: string; dir: string; env: string }>;
export declare const GENERATED: string[];
export declare function digestOf(dir: string): string;
export declare function recordGenerated(dir: string): void;
export declare function staleEnv(
  args: string[],
  env?: NodeJS.ProcessEnv,
): { env: Record<string, string>; stale: string[] };
export declare function runTurbo(
  args: string[],
  options?: SpawnSyncOptions & { guard?: boolean },
): SpawnSyncReturns<string | Buffer>;
