/** The repo-relative folders of the workspace packages pnpm-workspace.yaml lists. */
export declare function workspaceDirs(root: string): string[];
