export interface Machine {
  schema: string;
  file: string;
  title: string;
}
export const MACHINES: Machine[];
export function commonTargets(transitions: Record<string, string[]>): Set<string>;
export function toDot(schema: any): string;
export function renderDiagrams(spec: any, model?: import('@klavi-pay/openapi-runtime').SpecModel): Promise<Array<Machine & { svg: string; common: string[] }>>;
