export declare function defaultBase(cwd?: string): string | undefined;
export declare function splitArgs(argv: string[]): { base: string | undefined; rest: string[] };
