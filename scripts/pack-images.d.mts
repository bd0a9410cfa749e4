export declare const ROOT: string;
export declare const DEFAULT_OUT: string;
export declare const PACKAGES_DIR: string;
export interface WorkspacePackage {
  dir: string;
  manifest: { name: string; version: string; private?: boolean; [field: string]: unknown };
}
export declare function workspacePackages(root?: string): Map<string, WorkspacePackage>;
export declare function closure(names: string[], packages: Map<string, WorkspacePackage>): string[];
export declare function imagePackages(
  packages: Map<string, WorkspacePackage>,
  root?: string,
): Array<{ name: string; dir: string; image: string }>;
export interface DockerInstruction {
  line: number;
  instruction: string;
  args: string;
}
export declare function parseDockerfile(text: string): DockerInstruction[];
export declare function shellCommands(args: string): string[][];
export declare function documentedVolumes(readme: string): string[];
export declare function dockerfileProblems(text: string, options?: { volumes?: string[]; ours?: string[] }): string[];
export declare function localInstall(
  text: string,
  contextDir: string,
  extra?: string[],
): { command: string; args: string[] };
export interface PackedImage {
  image: string;
  package: string;
  version: string;
  context: string;
  packages: Array<{ name: string; version: string; file: string; from: string }>;
}
export declare function packImages(options?: {
  out?: string;
  only?: string[];
  expect?: string[];
  root?: string;
  log?: (line: string) => void;
}): PackedImage[];
export declare function contextMain(argv: string[]): number;
