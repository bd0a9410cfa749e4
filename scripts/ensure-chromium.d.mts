export declare const CHROMIUM: string;
export interface ChromiumFacts {
  present: boolean;
  hasAptGet: boolean;
  isRoot: boolean;
  canSudo: boolean;
  platform: string;
}
export type ChromiumPlan =
  | { action: 'none' }
  | { action: 'install'; commands: string[][] }
  | { action: 'stop'; message: string };
export declare function planChromium(facts: ChromiumFacts): ChromiumPlan;
export declare function machineFacts(): ChromiumFacts;
export declare function ensureChromium(options?: {
  facts?: ChromiumFacts;
  run?: (command: string, args: string[]) => number;
  installed?: () => boolean;
  log?: (line: string) => void;
}): number;
