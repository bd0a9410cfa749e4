import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import type { SpecModel } from '@klavi-pay/openapi-runtime';

export declare const HEADER: string;
export interface BundleProblem {
  message: string;
  file: string;
  line: number;
  column: number;
  ruleId: string;
}
export declare function loadSpecConfig(specDir: string): Promise<Config>;
export declare function bundleSource(
  specDir: string,
  config?: Config,
): Promise<{ ok: true; document: Record<string, unknown> } | { ok: false; problems: BundleProblem[] }>;
export declare function locate(problem: NormalizedProblem, specDir: string): BundleProblem;
export declare function renderDist(
  document: Record<string, unknown>,
): Promise<{ files: Map<string, string>; model: SpecModel }>;
