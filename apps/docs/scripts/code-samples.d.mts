export interface CodeSample {
  lang: 'curl' | 'TypeScript';
  label: string;
  source: string;
}
export function addCodeSamples(spec: any): Record<string, CodeSample[]>;
