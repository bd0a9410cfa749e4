import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pointerGet, readModel } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { addCodeSamples, earliestTodayFields } from '../scripts/code-samples.mjs';
import { LANGUAGES } from '../scripts/samples/index.mjs';
import { typecheck as typecheckIn } from './support/typecheck.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bundle = () => JSON.parse(readFileSync(require.resolve('@klavi-pay/spec/openapi.json'), 'utf8'));

const spec = bundle();
const samples = addCodeSamples(spec);
const operations = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
  Object.entries<any>(item).map(([method, op]) => ({ path, method, op })),
);
const webhooks = Object.entries<any>(spec.webhooks ?? {}).flatMap(([name, item]) =>
  Object.entries<any>(item).map(([method, op]) => ({ name, method, op })),
);

describe('generated code samples', () => {
  it('exist for every operation and every webhook in every language', () => {
    expect(Object.keys(samples).sort()).toEqual(
      [...operations.map(({ op }) => op.operationId), ...webhooks.map(({ op }) => op.operationId)].sort(),
    );
    expect(webhooks).toHaveLength(MODEL.webhooks.length);
    for (const { op } of operations)
      expect(op['x-codeSamples'].map((s: { label: string }) => s.label)).toEqual(LANGUAGES.map((l) => l.label));
    expect(LANGUAGES.map((l) => l.label)).toEqual([
      'curl',
      '@klavi-pay/client',
      'JavaScript (fetch)',
      'Python',
      'Ruby',
      'PHP',
      'Java',
      'Go',
      'C#',
    ]);
    for (const { op } of webhooks)
      expect(op['x-codeSamples'].map((s: { label: string }) => s.label)).toEqual(LANGUAGES.map((l) => l.label));
  });

  it("puts today's date where a date must not be past (x-earliest: today), and nowhere else", () => {
    const marked = Object.fromEntries(
      MODEL.operations
        .filter((op) => op.bodyPointer && earliestTodayFields(spec, op.bodyPointer).length > 0)
        .map((op) => [op.operationId, earliestTodayFields(spec, op.bodyPointer!)]),
    );
    expect(marked).toEqual({ createAutomaticPayment: ['date'], retryAutomaticPayment: ['date'] });
  });

  it.each(operations.map(({ path, method, op }) => [op.operationId, path, method, op]))(
    '%s: curl sends the method, URL, auth and example body',
    (_, path, method, op) => {
      const curl = samples[op.operationId]![0]!.source;
      expect(curl).toMatch(
        new RegExp(
          `^curl -X ${method.toUpperCase()} 'https://api-sandbox\\.klavi\\.ai${path.replace(/\{[^}]+\}/g, '[^/?]+').replace(/\//g, '\\/')}`,
        ),
      );
      const secured = (op.security ?? spec.security).length > 0;
      expect(curl.includes('Authorization: Bearer'), 'Authorization header only on secured operations').toBe(secured);
      const modelled = MODEL.operations.find((o) => o.operationId === op.operationId)!;
      if (modelled.bodyPointer) {
        const example = pointerGet(spec, modelled.requestExamplePointer!) as Record<string, unknown>;
        const fresh = `"'"$(openssl rand -hex 16)"'"`;
        // A key pair in the body (token requests, whitelabel links) comes from the environment.
        const text = /-d '([\s\S]*)'$/
          .exec(curl)![1]!
          .replace(/'\\''/g, "'")
          .replace(/"'"\$(KLAVI_[A-Z_]+)"'"/g, '"$$$1"');
        // A fresh idempotency key where the operation has one, the documented example elsewhere.
        const key = modelled.idempotencyKey;
        expect(text.includes(fresh), 'a fresh key exactly where the operation has one').toBe(key !== null);
        const expected = structuredClone(example);
        if (key) {
          let node: Record<string, unknown> = expected;
          for (const name of key.slice(0, -1)) node = node[name] as Record<string, unknown>;
          node[key.at(-1)!] = 'FRESH';
        }
        // Today's date in Brasília where a date must not be past (D-51), the example's elsewhere.
        const today = `"'"$(TZ=UTC+3 date +%F)"'"`;
        for (const name of earliestTodayFields(spec, modelled.bodyPointer)) expected[name] = 'TODAY';
        if ('accessKey' in expected) {
          const management = op.operationId === 'createManagementAccessToken' ? 'MANAGEMENT_' : '';
          Object.assign(expected, {
            accessKey: `$KLAVI_${management}ACCESS_KEY`,
            secretKey: `$KLAVI_${management}SECRET_KEY`,
          });
        }
        expect(JSON.parse(text.replace(fresh, '"FRESH"').replace(today, '"TODAY"'))).toEqual(expected);
      } else {
        expect(curl).not.toContain(' -d ');
      }
    },
  );

  it('make a fresh clientRequestId in each create: the curl body is JSON once the shell has run it', () => {
    const createPayment = samples.createInstantPayment!;
    expect(createPayment[1]!.source).toContain('clientRequestId: crypto.randomUUID(),');
    // The shell's view of the -d argument: a function named curl that prints its arguments.
    const shell = spawnSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${createPayment[0]!.source}`], {
      encoding: 'utf8',
    });
    const body = shell.stdout.split('\0').find((arg) => arg.startsWith('{'))!;
    const sent = JSON.parse(body) as { clientRequestId: string };
    expect(sent.clientRequestId).toMatch(/^[0-9a-f]{32}$/);
    const again = spawnSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${createPayment[0]!.source}`], {
      encoding: 'utf8',
    });
    expect(again.stdout).not.toContain(sent.clientRequestId);
  });

  it('fail the build when a body has no example to show', () => {
    const broken = bundle();
    const media = broken.paths['/payment/customer/v1/instant/payments'].post.requestBody.content['application/json'];
    delete media.examples;
    // A spec other than the published one: the samples are built from its own reading.
    expect(() => addCodeSamples(broken, readModel(broken))).toThrow(
      'createInstantPayment takes a body but has no request example to build code samples from',
    );
  });
});

describe('the TypeScript samples', () => {
  const dir = join(appDir, 'test-results', 'samples');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const typecheck = (files: Record<string, string>) => typecheckIn(dir, files);

  // The webhooks' handlers too: they need verifyKlaviEvent and KlaviEventVerificationError from the client.
  it('compile against @klavi-pay/client, every one of them', () => {
    const files = Object.fromEntries(Object.entries(samples).map(([id, [, ts]]) => [`${id}.ts`, ts!.source]));
    expect(typecheck(files)).toBe('');
  });

  it('would be caught if one were wrong', () => {
    const wrong = samples.createInstantPayment![1]!.source.replace('amount: "1333.00"', 'amount: 1333');
    expect(wrong).not.toBe(samples.createInstantPayment![1]!.source);
    expect(typecheck({ 'wrong.ts': wrong })).toMatch(/wrong\.ts.*error TS2/);
  });

  it('would be caught if a webhook handler named an event the client does not know', () => {
    const handler = samples.instantPaymentStatusChanged![1]!.source;
    const wrong = handler.replace("=== 'instant_payment.status_changed'", "=== 'instant_payment.status_changd'");
    expect(wrong).not.toBe(handler);
    expect(typecheck({ 'wrong.ts': wrong })).toMatch(/wrong\.ts.*error TS2367/);
  });
});
