export interface CodeSample {
  lang: 'curl' | 'TypeScript';
  label: string;
  source: string;
}
export function addCodeSamples(spec: any, model?: import('@klavi-pay/openapi-runtime').SpecModel): Record<string, CodeSample[]>;
export declare function parameterExample(spec: unknown, parameter: { pointer: string; schemaPointer: string }): unknown;
