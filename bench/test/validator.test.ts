import type { JsonObject } from '@klavi-pay/openapi-runtime';
import { describe, expect, it } from 'vitest';
import { bodies, validators, validatorSuite, VALIDATORS } from '../src/suites/validator.js';
import { readSpec } from '../src/workspace.js';

describe('the validator suite', () => {
  const doc = readSpec() as JsonObject;

  it('judges every body the same way with both validators: the examples valid, each broken body not', () => {
    const judge = validators(doc);
    const { valid, broken } = bodies(doc);
    expect(valid.length).toBeGreaterThanOrEqual(4);
    expect(broken).toHaveLength(valid.length * 3);
    for (const name of VALIDATORS) {
      expect(valid.map(judge[name])).toEqual(valid.map(() => true));
      expect(broken.map(judge[name])).toEqual(broken.map(() => false));
    }
  });

  it('writes one row per validator, with times and ratios to plain Ajv', async () => {
    const report = await validatorSuite.run({ runs: 1, log: () => {} });
    const [table] = report.tables;
    expect(table!.rows.map((row) => row[0])).toEqual([...VALIDATORS]);
    for (const row of table!.rows) {
      expect(row[1]).toMatch(/^[\d,]+ ns$/);
      expect(row[2]).toMatch(/×$/);
    }
    expect(table!.rows[1]![2]).toBe('1.00×');
  }, 60_000);
});
