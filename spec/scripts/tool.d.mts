export declare const specDir: string;
export declare function binPath(pkg: string, name: string): string;
export declare function runTool(pkg: string, name: string, args: string[], options?: { inherit?: boolean }): string;
export declare function runToolReport(pkg: string, name: string, args: string[]): string;
export declare function runToolResult(
  pkg: string,
  name: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string };
export declare const SPEC_SOURCES: string[];
export declare const LINT_CONFIGURATION: RegExp;
