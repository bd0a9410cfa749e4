import type { SpawnSyncOptions } from 'node:child_process';

export declare const BUILD_PHASES: ReadonlyArray<{ args: string[]; guard: boolean }>;
export declare function runBuild(extra?: string[], options?: SpawnSyncOptions): { status: number; output: string };
