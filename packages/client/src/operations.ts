import { OPERATIONS } from './generated/spec-metadata.js';

export type OperationId = keyof typeof OPERATIONS;
export type OperationMeta = (typeof OPERATIONS)[OperationId] & { readonly operationId: OperationId };
export type RetryClass = OperationMeta['retry'];
export type SecuritySchemeName = NonNullable<OperationMeta['security']>;

// Pure, so that a bundle that never routes (verifyKlaviEvent alone) drops the table.
const byRoute = /* @__PURE__ */ new Map<string, OperationMeta>(
  (Object.entries(OPERATIONS) as Array<[OperationId, (typeof OPERATIONS)[OperationId]]>).map(([operationId, meta]) => [
    `${meta.method} ${meta.path}`,
    { ...meta, operationId },
  ]),
);

/** The spec's operation for a method and path template, as openapi-fetch's `schemaPath`. */
export function findOperation(method: string, pathTemplate: string): OperationMeta | undefined {
  return byRoute.get(`${method.toUpperCase()} ${pathTemplate}`);
}

/** The value at `path` in a parsed JSON body (e.g. `['payment', 'clientRequestId']`). */
export function readAt(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
