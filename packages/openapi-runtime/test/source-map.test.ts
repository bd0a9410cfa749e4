// Bundle pointers map back to the file and line an author edits.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSourceMap } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const map = createSourceMap(join(here, 'fixtures/multi/openapi.yaml'), { root: join(here, 'fixtures') });

describe('createSourceMap', () => {
  it('follows a path item $ref into its file', () => {
    expect(map.locate('#/paths/~1things/get/operationId')).toEqual({
      file: 'multi/paths/things.yaml',
      line: 2,
      column: 3,
      exact: true,
    });
  });

  it('finds a component the bundler pulled in, by the file-per-component convention', () => {
    expect(map.locate(['components', 'schemas', 'Thing', 'properties', 'id', 'maxLength'])).toEqual({
      file: 'multi/components/schemas/Thing.yaml',
      line: 7,
      column: 5,
      exact: true,
    });
    expect(map.locate('#/components/schemas/Thing/properties/tags/items/type')).toMatchObject({
      line: 11,
      exact: true,
    });
  });

  it('keeps a key written beside a $ref in the referencing file', () => {
    expect(map.locate('#/paths/~1things/get/responses/200/content/application~1json/schema/description')).toEqual({
      file: 'multi/paths/things.yaml',
      line: 10,
      column: 13,
      exact: true,
    });
  });

  it('lands a pointer the source lacks on its nearest ancestor, marked inexact', () => {
    expect(map.locate('#/components/schemas/Thing/properties/name')).toEqual({
      file: 'multi/components/schemas/Thing.yaml',
      line: 4,
      column: 1,
      exact: false,
    });
    expect(map.locate('#/components/schemas/Missing/type')).toEqual({
      file: 'multi/openapi.yaml',
      line: 8,
      column: 1,
      exact: false,
    });
    expect(map.locate('#/paths/~1nowhere')).toMatchObject({ file: 'multi/openapi.yaml', line: 5, exact: false });
  });

  it('reads the root itself, and has nothing for a missing entry', () => {
    expect(map.locate('#')).toMatchObject({ file: 'multi/openapi.yaml', line: 1, exact: true });
    expect(createSourceMap(join(here, 'nope.yaml')).locate('#/paths')).toBeUndefined();
  });
});
