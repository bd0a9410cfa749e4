export declare const DEV_TURBO_ARGS: string[];
export declare function devRebuild(extra?: string[]): { ok: boolean; output: string; summary: string };
