export function specifiersOf(text: string): string[];
export function sourceFiles(dir: string): string[];
export function moduleGraph(dir: string): Map<string, string[]>;
export function findCycle(graph: Map<string, string[]>): string[] | undefined;
export function workspacePackages(
  root?: string,
): Array<{ dir: string; manifest: { name: string; [key: string]: unknown } }>;
export function packageGraph(root?: string): Map<string, string[]>;
