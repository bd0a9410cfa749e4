import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-ids-use-shared-schemas';
const ResourceId = { type: 'string', maxLength: 100 };

describe(RULE, () => {
  it('passes ids in properties and parameters that $ref a shared *Id schema', async () => {
    const doc = fixture({
      schemas: {
        ResourceId,
        Payment: {
          type: 'object',
          properties: {
            id: { $ref: '#/components/schemas/ResourceId' },
            appId: { $ref: '#/components/schemas/ResourceId' },
          },
        },
      },
      parameters: {
        AppIdPath: { name: 'appId', in: 'path', required: true, schema: { $ref: '#/components/schemas/ResourceId' } },
      },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails inline ids in properties and parameters', async () => {
    const doc = fixture({
      schemas: {
        ResourceId,
        Payment: { type: 'object', properties: { consentId: { type: 'string', maxLength: 256 } } },
      },
      parameters: {
        AppIdPath: { name: 'appId', in: 'path', required: true, schema: { type: 'string', maxLength: 10 } },
      },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.path).sort()).toEqual([
      'components.parameters.AppIdPath.schema',
      'components.schemas.Payment.properties.consentId',
    ]);
  });
});
