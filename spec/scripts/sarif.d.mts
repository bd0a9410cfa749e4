export declare function spectralToSarif(
  results: Array<{ code: string | number; message: string; severity: number; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>,
  options: { file: string; version?: string },
): { version: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } }; results: Array<Record<string, any>> }> };
