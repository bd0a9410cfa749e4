import type { createLiveChannel } from '../apps/docs/scripts/live.mjs';

export interface DevProblem {
  tool: string;
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  message: string;
  rule: string;
}
export declare const WATCHED: string[];
export declare function formatProblem(problem: DevProblem): string;
export interface DevOptions {
  port?: number;
  host?: string;
  specDir?: string;
  distDir?: string;
  clientGeneratedDir?: string;
  docsDir?: string;
  background?: boolean;
  log?: (line: string) => void;
}
export declare function startDev(options?: DevOptions): Promise<{
  url: string;
  live: ReturnType<typeof createLiveChannel>;
  readonly turns: number;
  readonly last: { ok: boolean; problems: DevProblem[] } | undefined;
  settled(): Promise<void>;
  close(): Promise<void>;
}>;
