import type { Config } from '@redocly/openapi-core';

export interface Finding {
  linter: 'redocly' | 'spectral';
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  file: string;
  line: number;
  column: number;
}
export declare function createLinter(
  specDir: string,
  options?: { config?: Config },
): Promise<{ redocly(): Promise<Finding[]>; spectral(bundleYaml: string): Promise<Finding[]> }>;
