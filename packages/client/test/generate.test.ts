import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readModel } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { deriveMetadata } from '../scripts/metadata.mjs';
import { OPERATIONS } from '../src/index.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { default: bundle } = await import('@klavi-pay/spec/openapi.json', { with: { type: 'json' } });
const spec = bundle as any;
const generate = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/generate.mjs', ...args], { cwd: packageDir, encoding: 'utf8' });

describe('drift check (generate --check)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const copyOfGenerated = () => {
    const dir = mkdtempSync(join(tmpdir(), 'klavi-generated-'));
    dirs.push(dir);
    cpSync(join(packageDir, 'src', 'generated'), dir, { recursive: true });
    return dir;
  };

  it('passes on the committed files', () => {
    const result = generate('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(['schema.ts', 'spec-metadata.ts'])('fails when %s is stale, naming it', (file) => {
    const dir = copyOfGenerated();
    expect(generate('--check', '--out', dir).status).toBe(0);
    appendFileSync(join(dir, file), '\n// edited by hand\n');
    const result = generate('--check', '--out', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`stale: `);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('pnpm --filter @klavi-pay/client generate');
  });

  it('writes the same bytes twice (deterministic output)', () => {
    const dir = copyOfGenerated();
    execFileSync(process.execPath, ['scripts/generate.mjs', '--out', dir], { cwd: packageDir });
    expect(generate('--check', '--out', dir).status).toBe(0);
  });
});

describe('derived metadata', () => {
  const metadata = deriveMetadata(MODEL);
  // A variant of the spec is read as the spec package's bundle reads it, then projected.
  const deriveFrom = (doc: any) => deriveMetadata(readModel(doc));

  it('lists every operation of the bundle with its method, path and security', () => {
    const expected: Record<string, unknown> = {};
    for (const [path, item] of Object.entries<any>(spec.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const security = op.security ?? spec.security;
        expected[op.operationId] = {
          method: method.toUpperCase(),
          path,
          security: Object.keys(security[0] ?? {})[0] ?? null,
        };
      }
    }
    const actual = Object.fromEntries(
      Object.entries(metadata.operations).map(([id, op]) => [
        id,
        { method: op.method, path: op.path, security: op.security },
      ]),
    );
    expect(actual).toEqual(expected);
    expect(Object.keys(OPERATIONS)).toEqual(Object.keys(expected));
  });

  it('classes every operation for retries', () => {
    const byClass = (c: string) =>
      Object.keys(metadata.operations).filter((id) => metadata.operations[id]?.retry === c);
    expect(byClass('keyed')).toEqual([
      'createInstantPayment',
      'createInstantPaymentLink',
      'createAutomaticConsent',
      'createAutomaticConsentLink',
      'createAutomaticPayment',
      'retryAutomaticPayment',
    ]);
    expect(byClass('unsafe')).toEqual(['cancelInstantPayment', 'cancelAutomaticPayment']);
    expect(metadata.operations.createInstantPaymentLink?.idempotencyKey).toEqual(['payment', 'clientRequestId']);
    expect(metadata.operations.createAutomaticConsentLink?.idempotencyKey).toEqual(['consent', 'clientRequestId']);
  });

  it('maps each security scheme to its token endpoint', () => {
    expect(metadata.securitySchemes).toEqual({
      CustomerBearer: { tokenOperation: 'createCustomerAccessToken', tokenPath: '/payment/customer/v1/auth' },
      ManagementBearer: { tokenOperation: 'createManagementAccessToken', tokenPath: '/payment/management/v1/auth' },
    });
  });

  it('fails when a server has no x-environment', () => {
    const broken = structuredClone(spec);
    delete broken.servers[1]['x-environment'];
    expect(() => deriveFrom(broken)).toThrow('server https://api-testing.klavi.ai has no x-environment');
  });

  it('fails when a security scheme has no token operation', () => {
    const broken = structuredClone(spec);
    broken.components.securitySchemes.ManagementBearer['x-token-operation'] = 'issueToken';
    expect(() => deriveFrom(broken)).toThrow(
      'security scheme ManagementBearer: x-token-operation issueToken is not an operation of the spec',
    );
  });

  it('fails when terminal values are not in their enum', () => {
    const broken = structuredClone(spec);
    broken.components.schemas.InstantPaymentStatus['x-terminal-values'].push('PAID');
    expect(() => deriveFrom(broken)).toThrow(
      'InstantPaymentStatus: x-terminal-values names statuses that are not in the enum: PAID',
    );
  });

  it('finds an idempotency key required in every branch of a oneOf, and not one required in some', () => {
    const variant = structuredClone(spec);
    const create = variant.paths['/payment/customer/v1/instant/payments'].post;
    create.requestBody = {
      content: {
        'application/json': {
          schema: { oneOf: [{ required: ['clientRequestId'] }, { required: ['other'] }] },
        },
      },
    };
    expect(deriveFrom(variant).operations.createInstantPayment).toMatchObject({
      retry: 'unsafe',
      idempotencyKey: null,
    });
  });
});
