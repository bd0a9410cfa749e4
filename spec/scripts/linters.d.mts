export interface Linter {
  name: string;
  pkg: string;
  bin: string;
  args: string[];
}
export declare function linters(format?: string): Linter[];
