import type { SpecModel } from '@klavi-pay/openapi-runtime';

export interface OperationMetadata {
  method: string;
  path: string;
  security: string | null;
  retry: 'safe' | 'keyed' | 'unsafe';
  idempotencyKey: readonly string[] | null;
}

export interface SpecMetadata {
  apiVersion: string;
  environments: Record<string, string>;
  securitySchemes: Record<string, { tokenOperation: string; tokenPath: string }>;
  operations: Record<string, OperationMetadata>;
  enumValues: Record<string, unknown[]>;
  terminalValues: Record<string, string[]>;
}

/** The facts the client needs, projected from the spec model (`MODEL` of @klavi-pay/spec/model). */
export function deriveMetadata(model: SpecModel): SpecMetadata;
export function buildMetadata(model: SpecModel): string;
