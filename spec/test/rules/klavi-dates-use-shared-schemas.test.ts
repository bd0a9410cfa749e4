import { describe, expect, it } from 'vitest';
import { fixture, lintWithRule } from '../support/houseRules.js';

const RULE = 'klavi-dates-use-shared-schemas';
const DateSchema = { type: 'string', format: 'date', maxLength: 10 };

describe(RULE, () => {
  it('passes date and *Date fields and query parameters that $ref Date', async () => {
    const doc = fixture({
      schemas: {
        Date: DateSchema,
        Payment: {
          type: 'object',
          properties: {
            date: { $ref: '#/components/schemas/Date' },
            referenceStartDate: { $ref: '#/components/schemas/Date' },
          },
        },
      },
      parameters: { StartDateQuery: { name: 'startDate', in: 'query', schema: { $ref: '#/components/schemas/Date' } } },
    });
    expect(await lintWithRule(RULE, doc)).toEqual([]);
  });

  it('fails dates typed inline', async () => {
    const doc = fixture({
      schemas: {
        Date: DateSchema,
        Payment: { type: 'object', properties: { date: { type: 'string', format: 'date', maxLength: 10 } } },
      },
      parameters: { EndDateQuery: { name: 'endDate', in: 'query', schema: { type: 'string', maxLength: 10 } } },
    });
    const results = await lintWithRule(RULE, doc);
    expect(results.map((r) => r.path).sort()).toEqual([
      'components.parameters.EndDateQuery.schema',
      'components.schemas.Payment.properties.date',
    ]);
  });
});
