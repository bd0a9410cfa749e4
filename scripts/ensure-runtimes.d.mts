export interface Runtime {
  name: string;
  check: string;
  packages: string[];
  /** The docs' sample languages (their labels) that run on it. */
  languages: string[];
}
export declare const RUNTIMES: readonly Runtime[];
export declare function missingRuntimes(check?: (command: string) => boolean): Runtime[];
export type RuntimesPlan =
  | { action: 'none' }
  | { action: 'install'; commands: string[][] }
  | { action: 'stop'; message: string };
export declare function planRuntimes(facts: {
  missing: readonly Runtime[];
  hasAptGet: boolean;
  isRoot: boolean;
  canSudo: boolean;
  listsUpdated?: boolean;
}): RuntimesPlan;
export declare function ensureRuntimes(options?: {
  facts?: {
    missing: readonly Runtime[];
    hasAptGet: boolean;
    isRoot: boolean;
    canSudo: boolean;
    listsUpdated?: boolean;
  };
  run?: (command: string, args: string[]) => number;
  stillMissing?: () => Runtime[];
  log?: (line: string) => void;
}): number;
