export interface CodeSample {
  lang: 'curl' | 'TypeScript';
  label: string;
  source: string;
}
export function deref(spec: unknown, node: unknown): any;
export function addCodeSamples(spec: any): Record<string, CodeSample[]>;
