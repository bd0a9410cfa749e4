export function extendIntroduction(spec: any, diagrams: Array<{ schema: string; file: string; title: string; common: string[] }>): void;
