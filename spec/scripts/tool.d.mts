export declare const specDir: string;
export declare function binPath(pkg: string, name: string): string;
export declare function runTool(pkg: string, name: string, args: string[], options?: { inherit?: boolean }): string;
export declare function runToolReport(pkg: string, name: string, args: string[]): string;
