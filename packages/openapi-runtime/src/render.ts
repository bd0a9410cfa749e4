// Renders a spec model as an ES module and its declaration, so that TypeScript readers get the
// statuses, transitions and operation ids as literal types: `typeof MODEL.stateMachines.X.statuses[number]`.
import type { SpecModel } from './model.js';

/** A JSON value as a TypeScript type: literals stay literals, arrays become readonly tuples. */
function typeOf(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return value.length === 0 ? 'readonly []' : `readonly [${value.map((v) => typeOf(v, inner)).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}readonly ${JSON.stringify(k)}: ${typeOf(v, inner)};`).join('\n')}\n${indent}}`;
}

export interface RenderedModel {
  /** `export const MODEL = {…};` */
  js: string;
  /** `export declare const MODEL: {…};` */
  dts: string;
}

export function renderModelModule(model: SpecModel, header: string): RenderedModel {
  return {
    js: `${header}export const MODEL = ${JSON.stringify(model, null, 2)};\n`,
    dts: `${header}export declare const MODEL: ${typeOf(model, '')};\n`,
  };
}
