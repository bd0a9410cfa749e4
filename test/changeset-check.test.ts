// The release gate: changesets must claim at least the bump the spec's change calls for.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readChangesetsModule from '@changesets/read';
import { describe, expect, it } from 'vitest';
// A relative import, not a dependency of the root package: turbo hashes the files of every workspace
// package the root depends on, transitively, into its global hash. openapi-diff's dependencies
// reach the spec, so editing any file in spec/, even DECISIONS.md, re-ran every task (pnpm bench
// found it; the root test runs after turbo has built openapi-diff).
import { diffSpecs, verdict } from '../packages/openapi-diff/dist/index.js';
import { claimed, judge, SPEC_PACKAGES } from '../scripts/check-changeset.mjs';

const readChangesets = ((readChangesetsModule as unknown as { default?: unknown }).default ?? readChangesetsModule) as (
  cwd: string,
) => Promise<Array<{ releases: Array<{ name: string; type: string }> }>>;

function repoWith(changesets: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'changesets-'));
  mkdirSync(join(dir, '.changeset'));
  for (const [name, text] of Object.entries(changesets)) writeFileSync(join(dir, '.changeset', `${name}.md`), text);
  return dir;
}

const spec = () => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/p': {
      get: {
        operationId: 'getP',
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
});

describe('changeset:check', () => {
  it('reads the highest bump each package claims, from real changeset files', async () => {
    const dir = repoWith({
      a: '---\n"@klavi-pay/spec": minor\n"@klavi-pay/client": patch\n---\n\nA new field.\n',
      b: '---\n"@klavi-pay/client": major\n---\n\nRenamed a method.\n',
    });
    const bumps = claimed(await readChangesets(dir));
    expect(Object.fromEntries(bumps)).toEqual({ '@klavi-pay/spec': 'minor', '@klavi-pay/client': 'major' });
  });

  it('fails a breaking spec change that the changesets call minor, and names the package', async () => {
    const head = spec() as any;
    head.paths['/p'].get.responses['200'].content['application/json'].schema.required = [];
    const found = verdict(diffSpecs(spec() as any, head), true);
    expect(found).toBe('major');
    const bumps = claimed(
      await readChangesets(repoWith({ a: '---\n"@klavi-pay/spec": minor\n"@klavi-pay/client": major\n---\n\nx\n' })),
    );
    expect(judge(found, bumps)).toEqual([
      '@klavi-pay/spec: the spec change is breaking (major), but the changesets claim minor',
    ]);
  });

  it('fails a patch changeset for the change that once slipped through: a field of a oneOf-closed request removed', async () => {
    // InstantPaymentRequest is closed by unevaluatedProperties: false on its oneOf parent; removing
    // InstantPaymentBase.date makes a create that sends `date` a 400.
    const bundle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'spec', 'dist', 'openapi.json'), 'utf8'));
    const head = structuredClone(bundle);
    delete head.components.schemas.InstantPaymentBase.properties.date;
    const found = verdict(diffSpecs(bundle, head), true);
    expect(found).toBe('major');
    const bumps = claimed(
      await readChangesets(
        repoWith({ a: '---\n"@klavi-pay/spec": patch\n"@klavi-pay/client": patch\n---\n\nDrop an unused field.\n' }),
      ),
    );
    expect(judge(found, bumps)).toHaveLength(2);
  });

  it('passes when the claim matches or exceeds the verdict, and needs nothing when the spec did not change', () => {
    const all = (type: string) => new Map(SPEC_PACKAGES.map((name) => [name, type]));
    expect(judge('minor', all('minor'))).toEqual([]);
    expect(judge('minor', all('major'))).toEqual([]);
    expect(judge('patch', new Map())).toHaveLength(2);
    expect(judge('none', new Map())).toEqual([]);
  });
});
