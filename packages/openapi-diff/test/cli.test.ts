// The bin: formats, exit codes, git revisions, and annotations on the right line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { api, TODAY } from './support.js';

const BIN = fileURLToPath(new URL('../bin/klavi-openapi-diff.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'openapi-diff-'));
const write = (name: string, doc: unknown, as: 'yaml' | 'json' = 'yaml') => {
  const file = join(dir, name);
  writeFileSync(file, as === 'yaml' ? stringify(doc) : JSON.stringify(doc, null, 2));
  return file;
};
const run = (args: string[], cwd = dir) =>
  spawnSync(process.execPath, [BIN, '--today', TODAY, ...args], { cwd, encoding: 'utf8' });

const base = write('base.yaml', api());
const headDoc = api();
headDoc.components.schemas.PaymentRequest.required.push('kind');
headDoc.components.schemas.Payment.properties.status.enum.push('FAILED');
const breaking = write('head.yaml', headDoc);

describe('klavi-openapi-diff', () => {
  it('exits 1 on a breaking change and names it, in text', () => {
    const result = run([base, breaking]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^ERROR {3}request-property-became-required: body\.kind is now required \[POST \/payments\]$/m,
    );
    expect(result.stdout).toMatch(/at #\/components\/schemas\/PaymentRequest\/properties\/kind \(.*head\.yaml:\d+\)/);
    expect(result.stdout).toMatch(/1 breaking, 1 warning, 0 info: a major change$/m);
  });

  it('exits 0 with nothing to report, and compares YAML with JSON', () => {
    const result = run([base, write('same.json', api(), 'json')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/0 breaking, 0 warnings, 0 info: no change/);
  });

  it('--fail-on decides what fails the run', () => {
    const warnOnly = (() => {
      const d = api();
      d.components.schemas.Payment.properties.status.enum.push('FAILED');
      return write('warn.yaml', d);
    })();
    expect(run([base, warnOnly]).status).toBe(0);
    expect(run(['--fail-on', 'warning', base, warnOnly]).status).toBe(1);
    expect(run(['--fail-on', 'never', base, breaking]).status).toBe(0);
  });

  it('prints json with the verdict and counts', () => {
    const out = JSON.parse(run(['--format', 'json', base, breaking]).stdout);
    expect(out).toMatchObject({ verdict: 'major', counts: { error: 1, warning: 1, info: 0 } });
    expect(out.findings[0]).toMatchObject({
      rule: 'request-property-became-required',
      severity: 'error',
      pointer: '#/components/schemas/PaymentRequest/properties/kind',
      side: 'head',
    });
  });

  it('prints a markdown table for a job summary', () => {
    const out = run(['--format', 'markdown', base, breaking]).stdout;
    expect(out).toMatch(/^### OpenAPI changes: \*\*breaking\*\* \(major\)/);
    expect(out).toMatch(
      /^\| 🔴 error \| `request-property-became-required` \| body\.kind is now required \| POST \/payments \|/m,
    );
  });

  it('annotates the line of the head file for GitHub Actions, escaping the message', () => {
    const out = run(['--format', 'github-actions', base, breaking]).stdout;
    const line =
      /^::error file=(.+?),line=(\d+),title=klavi-openapi-diff request-property-became-required::(.+)$/m.exec(out);
    expect(line).not.toBeNull();
    const yamlLines = stringify(headDoc).split('\n');
    expect(yamlLines[Number(line![2]) - 1]).toMatch(/^\s+kind:$/);
    expect(line![3]).not.toMatch(/\n/);
    expect(out).toMatch(/^::warning file=.*title=klavi-openapi-diff response-enum-value-added::/m);
  });

  it('--verdict prints only the bump', () => {
    expect(run(['--verdict', base, breaking]).stdout).toBe('major\n');
    const patch = api();
    patch.info.description = 'Reworded';
    expect(run(['--verdict', base, write('patch.yaml', patch)]).stdout).toBe('patch\n');
  });

  it('reads REV:path from git', () => {
    const repo = mkdtempSync(join(tmpdir(), 'openapi-diff-git-'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(repo, 'openapi.yaml'), stringify(api()));
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    const head = api();
    delete head.paths['/payments/{id}'].get;
    writeFileSync(join(repo, 'openapi.yaml'), stringify(head));
    const result = run(['HEAD:openapi.yaml', 'openapi.yaml'], repo);
    expect(result.stdout).toMatch(/operation-removed: GET \/payments\/\{id\} \(getPayment\) was removed/);
    expect(result.stdout).toMatch(/\(HEAD:openapi.yaml:\d+\)/);
    expect(result.status).toBe(1);
  });

  it('exits 2 and says why on bad input', () => {
    expect(run([base]).stderr).toMatch(/expected <base> and <head>, got 1 argument/);
    expect(run(['--format', 'html', base, base]).stderr).toMatch(
      /--format must be one of text, markdown, json, github-actions/,
    );
    const missing = run([base, join(dir, 'nope.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file/);
    const notOpenApi = run([base, write('x.yaml', { hello: 'world' })]);
    expect(notOpenApi.stderr).toMatch(/is not an OpenAPI document/);
  });

  it('--head-source puts annotations on the source file and line an author edited, removals included', () => {
    // The head as a multi-file source: components in their own files, as the bundler expects.
    const src = join(dir, 'src');
    mkdirSync(join(src, 'components', 'schemas'), { recursive: true });
    const doc = api();
    doc.components.schemas.PaymentRequest.required.push('kind');
    delete doc.components.schemas.PaymentRequest.properties.note;
    for (const [name, schema] of Object.entries(doc.components.schemas))
      writeFileSync(join(src, 'components', 'schemas', `${name}.yaml`), stringify(schema));
    const { schemas: _schemas, ...rest } = doc.components;
    writeFileSync(join(src, 'openapi.yaml'), stringify({ ...doc, components: rest }));
    const head = write('bundled.yaml', doc);
    const result = run(['--format', 'github-actions', '--head-source', 'src/openapi.yaml', base, head]);
    const lines = readFileSync(join(src, 'components', 'schemas', 'PaymentRequest.yaml'), 'utf8').split('\n');
    const at = (rule: string) => {
      const match = new RegExp(`^::\\w+ file=([^,]+),line=(\\d+),title=klavi-openapi-diff ${rule}::`, 'm').exec(
        result.stdout,
      );
      expect(match, result.stdout).not.toBeNull();
      return { file: match![1], line: lines[Number(match![2]) - 1] };
    };
    expect(at('request-property-became-required')).toEqual({
      file: 'src/components/schemas/PaymentRequest.yaml',
      line: '  kind:',
    });
    // note is gone from the head: its annotation lands on the properties it was removed from.
    expect(at('request-property-removed')).toEqual({
      file: 'src/components/schemas/PaymentRequest.yaml',
      line: 'properties:',
    });
    expect(run(['--head-source', 'src/nope.yaml', base, head]).stderr).toMatch(
      /--head-source src\/nope\.yaml: no such file/,
    );
  });

  it('exits 2, naming the place, on a document whose shape it cannot read', () => {
    const broken = api();
    broken.paths['/payments'].post.parameters = 'none';
    const result = run([base, write('broken.yaml', broken)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot compare .*: .*parameters must be a list/);
  });
});
