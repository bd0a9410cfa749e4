export declare const SPEC_PACKAGES: string[];
export declare function claimed(
  changesets: Array<{ releases: Array<{ name: string; type: string }> }>,
): Map<string, string>;
export declare function judge(verdict: string, bumps: Map<string, string>, packages?: string[]): string[];
