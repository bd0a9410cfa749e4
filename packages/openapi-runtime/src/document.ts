// A bundled OpenAPI 3.1 document as plain JSON: JSON pointers into it, and its operations in the
// flat shape a server or a test runner needs (parameters, body and response schemas by pointer).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** JSON pointer of the parameter's schema in the bundle. */
  schemaPointer: string;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/payment/customer/v1/instant/payments/{id}`. */
  path: string;
  security: string | null;
  parameters: SpecParameter[];
  /** JSON pointer of the JSON request body schema, if the operation takes a body. */
  bodyPointer: string | null;
  bodyRequired: boolean;
  /** JSON pointer of each documented status's JSON body schema. */
  responsePointers: Record<string, string | null>;
  /** Response headers each status must send. */
  requiredHeaders: Record<string, string[]>;
  /** Every documented response header per status, with the pointer of its schema (if it has one). */
  responseHeaders: Record<string, Array<{ name: string; required: boolean; schemaPointer: string | null }>>;
  /** The media types each status documents (empty when the response has no body). */
  responseMediaTypes: Record<string, string[]>;
}

export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function pointerGet(doc: Json, pointer: string): Json | undefined {
  let current: Json | undefined = doc;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

/** Follows `$ref`s from `pointer` and returns the pointer of the final target. */
export function resolvePointer(doc: JsonObject, pointer: string): string {
  let current = pointer;
  for (let hops = 0; hops < 32; hops++) {
    const node = pointerGet(doc, current);
    if (node && typeof node === 'object' && !Array.isArray(node) && typeof node.$ref === 'string') current = node.$ref;
    else return current;
  }
  throw new Error(`$ref chain too long at ${pointer}`);
}

export function readOperations(doc: JsonObject): SpecOperation[] {
  const result: SpecOperation[] = [];
  const paths = doc.paths as JsonObject;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS) {
      const op = (item as JsonObject)[method] as JsonObject | undefined;
      if (!op) continue;
      const base = `#/paths/${escapePointer(path)}/${method}`;
      const security = ((op.security ?? doc.security ?? []) as JsonObject[])[0];
      const parameters = ((op.parameters ?? []) as Json[]).map((_, index) => {
        const pointer = resolvePointer(doc, `${base}/parameters/${index}`);
        const parameter = pointerGet(doc, pointer) as JsonObject;
        return {
          name: parameter.name as string,
          in: parameter.in as SpecParameter['in'],
          required: parameter.required === true,
          schemaPointer: `${pointer}/schema`,
        };
      });
      let bodyPointer: string | null = null;
      let bodyRequired = false;
      if (op.requestBody) {
        const pointer = resolvePointer(doc, `${base}/requestBody`);
        const body = pointerGet(doc, pointer) as JsonObject;
        bodyRequired = body.required === true;
        if ((body.content as JsonObject)?.['application/json']) bodyPointer = `${pointer}/content/application~1json/schema`;
      }
      const responsePointers: Record<string, string | null> = {};
      const requiredHeaders: Record<string, string[]> = {};
      const responseMediaTypes: Record<string, string[]> = {};
      const responseHeaders: SpecOperation['responseHeaders'] = {};
      for (const status of Object.keys(op.responses as JsonObject)) {
        const pointer = resolvePointer(doc, `${base}/responses/${status}`);
        const response = pointerGet(doc, pointer) as JsonObject;
        responsePointers[status] = (response.content as JsonObject)?.['application/json'] ? `${pointer}/content/application~1json/schema` : null;
        responseMediaTypes[status] = Object.keys((response.content ?? {}) as JsonObject);
        responseHeaders[status] = Object.keys((response.headers ?? {}) as JsonObject).map((name) => {
          const headerPointer = resolvePointer(doc, `${pointer}/headers/${escapePointer(name)}`);
          const header = pointerGet(doc, headerPointer) as JsonObject;
          return { name, required: header.required === true, schemaPointer: header.schema ? `${headerPointer}/schema` : null };
        });
        requiredHeaders[status] = responseHeaders[status].filter((h) => h.required).map((h) => h.name);
      }
      result.push({
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        path,
        security: security ? (Object.keys(security)[0] ?? null) : null,
        parameters,
        bodyPointer,
        bodyRequired,
        responsePointers,
        requiredHeaders,
        responseMediaTypes,
        responseHeaders,
      });
    }
  }
  return result;
}

/** The object at `pointer`, after following `$ref`s; undefined when it is not an object. */
export function derefAt(doc: JsonObject, pointer: string): JsonObject | undefined {
  const node = pointerGet(doc, resolvePointer(doc, pointer));
  return node && typeof node === 'object' && !Array.isArray(node) ? node : undefined;
}
