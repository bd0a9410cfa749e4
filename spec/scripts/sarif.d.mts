import type { SpectralResult } from './annotations.mjs';

export declare function spectralToSarif(
  results: SpectralResult[],
  options: { version?: string; locate(result: SpectralResult): { file: string; line: number; column: number } },
): {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } };
    results: Array<Record<string, any>>;
  }>;
};
