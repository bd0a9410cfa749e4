import type { SpectralResult } from './annotations.mjs';

/** One finding of the log: a Spectral result at the place it was written. */
export interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
  }>;
}

export declare function spectralToSarif(
  results: SpectralResult[],
  options: { version?: string; locate(result: SpectralResult): { file: string; line: number; column: number } },
): {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } };
    results: SarifResult[];
  }>;
};
