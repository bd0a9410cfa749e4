export interface OperationMetadata {
  method: string;
  path: string;
  security: string | null;
  retry: 'safe' | 'keyed' | 'unsafe';
  idempotencyKey: string[] | null;
}

export interface SpecMetadata {
  apiVersion: string;
  environments: Record<string, string>;
  securitySchemes: Record<string, { tokenOperation: string; tokenPath: string }>;
  operations: Record<string, OperationMetadata>;
  enumValues: Record<string, unknown[]>;
  terminalValues: Record<string, string[]>;
}

export function deriveMetadata(spec: unknown): SpecMetadata;
export function buildMetadata(spec: unknown): string;
