// Every example in the spec validates against its schema with Ajv (JSON Schema 2020-12):
// named request/response examples against their media type's schema, and the `examples` of
// every schema, parameter and header against that schema.
import { describe, expect, it } from 'vitest';
import {
  bundle,
  deref,
  describeErrors,
  escapePointer,
  type Json,
  type JsonObject,
  operations,
  validateAt,
} from './support/spec.js';

interface ExampleCase {
  name: string;
  schemaPointer: string;
  value: unknown;
}

function mediaTypeExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const { operation, pointer } of operations()) {
    const opId = String(operation.operationId);
    const targets: Array<[string, Json | undefined]> = [['request', operation.requestBody]];
    for (const [status, response] of Object.entries((operation.responses ?? {}) as JsonObject)) {
      targets.push([status, response]);
    }
    for (const [label, target] of targets) {
      if (!target) continue;
      const resolved = deref(target);
      // Schemas are validated at their location in the operation (or the shared response).
      const base =
        label === 'request'
          ? `${pointer}/requestBody`
          : typeof (target as JsonObject).$ref === 'string'
            ? String((target as JsonObject).$ref)
            : `${pointer}/responses/${label}`;
      for (const [mediaType, media] of Object.entries((resolved.content ?? {}) as JsonObject)) {
        const mediaObject = media as JsonObject;
        for (const [exampleName, example] of Object.entries((mediaObject.examples ?? {}) as JsonObject)) {
          cases.push({
            name: `${opId} ${label} ${mediaType} example ${exampleName}`,
            schemaPointer: `${base}/content/${escapePointer(mediaType)}/schema`,
            value: deref(example).value,
          });
        }
      }
    }
  }
  return cases;
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMAS = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

function schemaExamples(schema: Json | undefined, pointer: string, cases: ExampleCase[]): ExampleCase[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return cases;
  if (Array.isArray(schema.examples)) {
    for (const [index, value] of schema.examples.entries())
      cases.push({ name: `${pointer} examples[${index}]`, schemaPointer: pointer, value });
  }
  for (const key of SUBSCHEMA_MAPS) {
    for (const [name, sub] of Object.entries((schema[key] ?? {}) as JsonObject)) {
      schemaExamples(sub, `${pointer}/${key}/${escapePointer(name)}`, cases);
    }
  }
  for (const key of SUBSCHEMAS) schemaExamples(schema[key], `${pointer}/${key}`, cases);
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list))
      for (const [index, sub] of list.entries()) schemaExamples(sub, `${pointer}/${key}/${index}`, cases);
  }
  return cases;
}

function componentSchemaExamples(): ExampleCase[] {
  const components = bundle.components as JsonObject;
  const cases: ExampleCase[] = [];
  for (const [name, schema] of Object.entries(components.schemas as JsonObject)) {
    schemaExamples(schema, `#/components/schemas/${name}`, cases);
  }
  for (const kind of ['parameters', 'headers']) {
    for (const [name, holder] of Object.entries((components[kind] ?? {}) as JsonObject)) {
      schemaExamples((holder as JsonObject).schema, `#/components/${kind}/${name}/schema`, cases);
    }
  }
  return cases;
}

const mediaCases = mediaTypeExamples();
const schemaCases = componentSchemaExamples();

describe('named request and response examples', () => {
  it('exist for every operation, request and 200 response alike', () => {
    for (const { operation } of operations()) {
      const opId = String(operation.operationId);
      expect(
        mediaCases.some((c) => c.name.startsWith(`${opId} 200 `)),
        `${opId} has a 200 example`,
      ).toBe(true);
      if (operation.requestBody) {
        expect(
          mediaCases.some((c) => c.name.startsWith(`${opId} request `)),
          `${opId} has a request example`,
        ).toBe(true);
      }
    }
  });

  it.each(mediaCases.map((c) => [c.name, c] as const))('%s validates', (_name, example) => {
    const verdict = validateAt(example.schemaPointer, example.value);
    expect(verdict.valid, describeErrors(verdict.errors)).toBe(true);
  });
});

describe('schema, parameter and header examples', () => {
  it('are plentiful enough to be worth checking', () => {
    expect(schemaCases.length).toBeGreaterThan(40);
  });

  it.each(schemaCases.map((c) => [c.name, c] as const))('%s validates', (_name, example) => {
    const verdict = validateAt(example.schemaPointer, example.value);
    expect(verdict.valid, describeErrors(verdict.errors)).toBe(true);
  });
});
