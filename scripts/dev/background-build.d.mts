export interface BuildOutcome {
  ok: boolean;
  ran: number;
  cached: number;
  total: number;
  ms: number;
  output: string;
}
export declare const BUILD_TIMEOUT_MS: number;
export declare function countTasks(output: string): { total: number; cached: number; ran: number };
export declare function spawnBuild(repoRoot: string): { done: Promise<BuildOutcome>; stop(): void };
export declare function createBackgroundBuild(options: {
  start: () => { done: Promise<BuildOutcome>; stop(): void };
  report: (event: { state: 'running' } | ({ state: 'ok' | 'failed' } & BuildOutcome)) => void;
}): { request(): void; idle(): Promise<void>; close(): void };
