// Runs the house ruleset (rules/klavi.spectral.yaml) in-process on a small OpenAPI document, the
// way the Spectral CLI runs it on the bundle, and returns the results of one rule.
import * as fs from 'node:fs';
import { join } from 'node:path';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import { stringify } from 'yaml';
import { specDir } from './spec.js';

const { Document, Spectral } = spectralCore;

let spectral: InstanceType<typeof Spectral> | undefined;

async function load(): Promise<InstanceType<typeof Spectral>> {
  if (!spectral) {
    spectral = new Spectral();
    spectral.setRuleset(
      await bundleAndLoadRuleset(join(specDir, 'rules', 'klavi.spectral.yaml'), { fs, fetch: globalThis.fetch }),
    );
  }
  return spectral;
}

export interface RuleResult {
  message: string;
  path: string;
}

export async function lintWithRule(rule: string, doc: object): Promise<RuleResult[]> {
  const linter = await load();
  const document = new Document(stringify(doc), spectralParsers.Yaml, 'fixture.yaml');
  const results = await linter.run(document);
  return results.filter((r) => r.code === rule).map((r) => ({ message: r.message, path: r.path.join('.') }));
}

/** A minimal valid OpenAPI 3.1 document with the given schemas and paths. */
export function fixture({
  schemas = {},
  paths = {},
  parameters,
}: {
  schemas?: object;
  paths?: object;
  parameters?: object;
}): object {
  return {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1.0.0' },
    paths,
    components: { schemas, ...(parameters ? { parameters } : {}) },
  };
}
