// The configurable rules of redocly.yaml: each passes a conforming operation and flags a
// breaking one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runToolReport } from '../scripts/tool.mjs';

const dir = mkdtempSync(join(tmpdir(), 'klavi-redocly-rules-'));
const json = (schema: object) => ({ 'application/json': { schema } });
const text = { type: 'string', maxLength: 3 };

function operation({ requestType = 'application/json', with429 = true }: { requestType?: string; with429?: boolean }) {
  return {
    operationId: 'createThing',
    summary: 'Create a thing',
    description: 'Creates a thing.',
    requestBody: { content: { [requestType]: { schema: text } } },
    responses: {
      '200': { description: 'OK', content: json(text) },
      '400': { description: 'Bad Request', content: json(text) },
      ...(with429 ? { '429': { description: 'Too Many Requests', content: json(text) } } : {}),
    },
  };
}

/** Lints a one-operation document with our redocly.yaml and returns `ruleId pointer` per problem of `rule`. */
function lint(name: string, op: object, rule: string): string[] {
  const file = join(dir, `${name}.yaml`);
  const doc = {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1.0.0', description: 'Fixture.', license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'https://api.klavi.ai' }],
    security: [],
    paths: { '/things': { post: op } },
  };
  writeFileSync(file, stringify(doc));
  const output = runToolReport('@redocly/cli', 'redocly', ['lint', file, '--config', 'redocly.yaml', '--format=json']);
  const report = JSON.parse(output) as { problems: Array<{ ruleId: string; location: Array<{ pointer: string }> }> };
  return report.problems.filter((p) => p.ruleId === rule).map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
}

describe('rule/operation-documents-rate-limit', () => {
  const rule = 'rule/operation-documents-rate-limit';
  it('passes an operation that documents 429', () => {
    expect(lint('with-429', operation({}), rule)).toEqual([]);
  });
  it('flags an operation without 429', () => {
    expect(lint('without-429', operation({ with429: false }), rule)).toEqual([
      `${rule} #/paths/~1things/post/responses`,
    ]);
  });
});

describe('rule/json-bodies-only', () => {
  const rule = 'rule/json-bodies-only';
  it('passes JSON bodies', () => {
    expect(lint('json', operation({}), rule)).toEqual([]);
  });
  it('flags any other media type', () => {
    expect(lint('xml', operation({ requestType: 'application/xml' }), rule)).toEqual([
      `${rule} #/paths/~1things/post/requestBody/content/application~1xml`,
    ]);
  });
});
