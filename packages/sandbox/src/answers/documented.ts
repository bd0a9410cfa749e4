// The answers each operation documents, read from the spec model: which statuses the sandbox can
// give on request, which named examples, and the body and headers of an answer it makes up. Nothing
// here lists a status by hand: a status newly documented in the spec can be asked for as it lands.
import {
  derefAt,
  pointerGet,
  type Json,
  type JsonObject,
  type SpecOperation,
  type SpecValidator,
} from '@klavi-pay/openapi-runtime';
import { ApiError, errorBody } from '../errors.js';
import type { Reply } from '../handlers.js';

/** One operation's documented answers, as `GET /__sandbox/answers` lists them. */
export interface OperationAnswers {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** Every documented status, in spec order. */
  readonly statuses: readonly number[];
  /** Each named example and the status it documents. */
  readonly examples: Readonly<Record<string, number>>;
}

/** What a made-up answer says about itself, and the header values that override the defaults. */
export interface MadeUp {
  readonly status: number;
  readonly example?: string | undefined;
  /** The error body's message: why the sandbox answered this. */
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** The response entry documenting `status`: exact, else its `4XX`-style range. */
export function documentedKey(operation: SpecOperation, status: number): string | undefined {
  const keys = operation.responsePointers;
  const exact = String(status);
  if (Object.hasOwn(keys, exact)) return exact;
  const range = `${exact[0]}XX`;
  return Object.hasOwn(keys, range) ? range : undefined;
}

export class DocumentedAnswers {
  readonly #doc: JsonObject;
  readonly #validator: SpecValidator;
  readonly #byId = new Map<string, OperationAnswers>();

  constructor(doc: JsonObject, operations: readonly SpecOperation[], validator: SpecValidator) {
    this.#doc = doc;
    this.#validator = validator;
    for (const op of operations) {
      const statuses = Object.keys(op.responsePointers)
        .filter((key) => /^[1-5]\d\d$/.test(key))
        .map(Number);
      // No prototype: an example named `constructor` or `__proto__` is only ever one of the spec's.
      const examples: Record<string, number> = Object.create(null);
      for (const [key, named] of Object.entries(op.responseExamples)) {
        if (!/^[1-5]\d\d$/.test(key)) continue;
        for (const name of Object.keys(named)) examples[name] ??= Number(key);
      }
      this.#byId.set(op.operationId, {
        operationId: op.operationId,
        method: op.method,
        path: op.path,
        statuses,
        examples,
      });
    }
  }

  /** Every operation's documented answers, in spec order. */
  list(): OperationAnswers[] {
    return [...this.#byId.values()];
  }

  of(operationId: string): OperationAnswers | undefined {
    return this.#byId.get(operationId);
  }

  /**
   * The status and example a request may ask `operation` for, or a 400 naming `where` (the Prefer
   * header, a rule's field) that lists what is documented. A success status is answered by doing
   * the work; an example of one is refused, since a made-up success would name records that do not exist.
   */
  resolve(
    operation: SpecOperation,
    asked: { status?: number | undefined; example?: string | undefined },
    where: { status: string; example: string },
  ): { status: number; example?: string } {
    const answers = this.#byId.get(operation.operationId)!;
    let status = asked.status;
    if (asked.example !== undefined) {
      const exampleStatus = Object.hasOwn(answers.examples, asked.example)
        ? answers.examples[asked.example]
        : undefined;
      if (exampleStatus === undefined) {
        const names = Object.entries(answers.examples).filter(([, s]) => !isSuccess(s));
        throw new ApiError(
          400,
          `${where.example} ${JSON.stringify(asked.example)} is not an example of ${operation.operationId}; its error examples are ${names.map(([n, s]) => `${n} (${s})`).join(', ')}`,
        );
      }
      if (isSuccess(exampleStatus))
        throw new ApiError(
          400,
          `${where.example} ${asked.example} is a success answer of ${operation.operationId}: the sandbox's successes come from doing the work, so that their ids exist; send the request without it`,
        );
      if (status !== undefined && status !== exampleStatus)
        throw new ApiError(
          400,
          `${where.example} ${asked.example} documents ${exampleStatus}, not the ${status} of ${where.status}`,
        );
      status = exampleStatus;
    }
    if (status === undefined || documentedKey(operation, status) === undefined)
      throw new ApiError(
        400,
        `${where.status} ${status} is not documented for ${operation.operationId}; it documents ${answers.statuses.join(', ')}`,
      );
    return asked.example === undefined ? { status } : { status, example: asked.example };
  }

  /**
   * A documented answer the sandbox gives without doing the work: the named example as it stands,
   * else the error body that says why it was given (when the status's schema takes it), else the
   * status's first example with that message (else as it stands). The documented headers the status
   * requires get the given value, else one their schema allows.
   */
  makeUp(operation: SpecOperation, answer: MadeUp): Reply {
    const key = documentedKey(operation, answer.status)!;
    const schema = operation.responsePointers[key] ?? null;
    const examples = operation.responseExamples[key] ?? {};
    let body: unknown;
    if (answer.example !== undefined)
      body = this.#value(Object.hasOwn(examples, answer.example) ? examples[answer.example] : undefined);
    else if (schema !== null) {
      const plain = errorBody(answer.status, answer.message);
      if (this.#fits(schema, plain)) body = plain;
      else {
        const first = this.#value(Object.values(examples)[0]);
        const told =
          first !== null && typeof first === 'object' && !Array.isArray(first) && typeof first.message === 'string'
            ? { ...first, message: plain.message }
            : undefined;
        body = told !== undefined && this.#fits(schema, told) ? told : first;
      }
    }
    const headers: Record<string, string> = {};
    for (const header of operation.responseHeaders[key] ?? []) {
      // Header names are case-insensitive: the rules keep them lower-cased (faults.ts).
      const given =
        answer.headers === undefined
          ? undefined
          : Object.entries(answer.headers).find(([name]) => name.toLowerCase() === header.name.toLowerCase())?.[1];
      if (given !== undefined) headers[header.name.toLowerCase()] = given;
      else if (header.required) headers[header.name.toLowerCase()] = this.headerValue(header.schemaPointer);
    }
    return { status: answer.status, body, headers };
  }

  /**
   * A value the header's schema allows: its `default`, `const` or first enum value; for a number,
   * the smallest allowed from 1 up (`Retry-After: 1`: a client's backoff runs without slowing a
   * test); else its first example.
   */
  headerValue(schemaPointer: string | null): string {
    const schema = schemaPointer === null ? undefined : derefAt(this.#doc, schemaPointer);
    if (!schema) return '';
    if (schema.default !== undefined) return String(schema.default);
    if (schema.const !== undefined) return String(schema.const);
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return String(schema.enum[0]);
    if (schema.type === 'integer' || schema.type === 'number') {
      const minimum = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const maximum = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
      return String(Math.min(Math.max(1, Math.ceil(minimum)), maximum));
    }
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return String(schema.examples[0]);
    return schema.example !== undefined ? String(schema.example) : '';
  }

  /** Whether `value` fits the documented header `name` of `operation`'s `status`. */
  headerProblem(operation: SpecOperation, status: number, name: string, value: string): string | undefined {
    const key = documentedKey(operation, status);
    const header = (key === undefined ? [] : (operation.responseHeaders[key] ?? [])).find(
      (h) => h.name.toLowerCase() === name.toLowerCase(),
    );
    if (!header) {
      const names = (key === undefined ? [] : (operation.responseHeaders[key] ?? [])).map((h) => h.name);
      return `${name} is not a documented header of ${operation.operationId}'s ${status}${names.length ? `; it documents ${names.join(', ')}` : ''}`;
    }
    if (header.schemaPointer === null) return undefined;
    const type = this.#validator.typeAt(header.schemaPointer);
    const typed =
      (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    const verdict = this.#validator.validate(header.schemaPointer, typed, name);
    return verdict.valid ? undefined : verdict.message;
  }

  #value(pointer: string | undefined): Json | undefined {
    return pointer === undefined ? undefined : structuredClone(pointerGet(this.#doc, pointer));
  }

  #fits(schema: string, value: unknown): boolean {
    return this.#validator.validate(schema, value, 'body').valid;
  }
}
