import type { ensureChromium } from './ensure-chromium.mjs';
import type { ensureRuntimes } from './ensure-runtimes.mjs';

export declare function ensureSystem(options?: {
  run?: (command: string, args: string[]) => number;
  chromium?: typeof ensureChromium;
  runtimes?: typeof ensureRuntimes;
}): number;
