import type { SourceMap } from '@klavi-pay/openapi-runtime';

export interface SpectralResult {
  code: string | number;
  message: string;
  severity: number;
  path?: Array<string | number>;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
export declare function annotation(a: {
  severity: number;
  file?: string;
  line?: number;
  column?: number;
  title?: string;
  message: string;
}): string;
export declare function spectralLocation(
  result: SpectralResult,
  options: { sourceMap?: SourceMap; bundleFile: string },
): { file: string; line: number; column: number; exact: boolean };
export declare function spectralAnnotations(
  results: SpectralResult[],
  options: { sourceMap?: SourceMap; bundleFile: string },
): string;
export declare function rebaseRedocly(text: string, options: { fromDir: string; rootDir: string }): string;
