// verifyKlaviEvent against events signed as Klavi's guide signs them: node's createHmac over the raw
// body. Each refusal is paired with the same event, unbroken, being accepted, so that every test
// fails if the check it is about were dropped.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  KlaviConfigError,
  KlaviEventVerificationError,
  PAYMENT_EVENT_NAMES,
  verifyKlaviEvent,
  type KlaviEventVerificationFailure,
  type VerifyKlaviEventOptions,
} from '../src/index.js';

const { default: spec } = await import('@klavi-pay/spec/openapi.json', { with: { type: 'json' } });
const examples = (spec as any).components.examples as Record<string, { value: any }>;
const eventExamples = Object.entries(examples).filter(([name]) => name.endsWith('StatusChangedEvent'));

const secret = 'sk_test_4f1c0f9e-very-secret';
const timestamp = 1740716924; // Klavi's documented example, Unix seconds
const at = (seconds: number) => () => seconds * 1000;
const options = { now: at(timestamp) } satisfies VerifyKlaviEventOptions;

const sign = (rawBody: string | Uint8Array, key = secret) => createHmac('sha256', key).update(rawBody).digest('hex');
const signed = (rawBody: string | Uint8Array, ts: string | number = timestamp) => ({
  'x-klavi-signature': sign(rawBody),
  'x-klavi-timestamp': String(ts),
});

const instant = examples.InstantPaymentStatusChangedEvent!.value;
const instantBody = JSON.stringify(instant);

async function refusal(promise: Promise<unknown>): Promise<KlaviEventVerificationError> {
  const error = await promise.then(
    () => expect.fail('expected verifyKlaviEvent to refuse the event'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KlaviEventVerificationError);
  return error as KlaviEventVerificationError;
}

async function expectRefused(
  promise: Promise<unknown>,
  reason: KlaviEventVerificationFailure,
  message: RegExp,
): Promise<KlaviEventVerificationError> {
  const error = await refusal(promise);
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
  expect(error.name).toBe('KlaviEventVerificationError');
  return error;
}

afterEach(() => vi.restoreAllMocks());

describe('the event names', () => {
  it('are the spec’s PaymentEventName, each with a webhook and an example', () => {
    expect(PAYMENT_EVENT_NAMES).toEqual((spec as any).components.schemas.PaymentEventName.enum);
    const schemas = (spec as any).components.schemas;
    const webhookNames = Object.values<any>((spec as any).webhooks).map((hook) => {
      const ref: string = hook.post.requestBody.content['application/json'].schema.$ref;
      return schemas[ref.replace('#/components/schemas/', '')].properties.eventName.const;
    });
    expect(webhookNames.sort()).toEqual([...PAYMENT_EVENT_NAMES].sort());
    expect(eventExamples.map(([, example]) => example.value.eventName).sort()).toEqual([...PAYMENT_EVENT_NAMES].sort());
  });
});

describe('a correctly signed event', () => {
  it.each(eventExamples)('verifies and returns %s (the spec’s example)', async (_, example) => {
    const rawBody = JSON.stringify(example.value, null, 2);
    const event = await verifyKlaviEvent(rawBody, signed(rawBody), secret, options);
    expect(event).toEqual(example.value);
    expect(event.eventName).toBe(example.value.eventName);
  });

  it('reads a fetch Headers and a plain record, whatever the header names’ case', async () => {
    const headers = signed(instantBody);
    await expect(verifyKlaviEvent(instantBody, new Headers(headers), secret, options)).resolves.toEqual(instant);
    const shouting = {
      'X-KLAVI-SIGNATURE': headers['x-klavi-signature'],
      'X-Klavi-Timestamp': headers['x-klavi-timestamp'],
      'content-type': 'application/json',
    };
    await expect(verifyKlaviEvent(instantBody, shouting, secret, options)).resolves.toEqual(instant);
    // A header given as a one-element array (some frameworks do) is that value.
    const arrays = { 'x-klavi-signature': [headers['x-klavi-signature']], 'x-klavi-timestamp': [String(timestamp)] };
    await expect(verifyKlaviEvent(instantBody, arrays, secret, options)).resolves.toEqual(instant);
  });

  it('verifies the body as a string, a Uint8Array, a Buffer (at an offset in its pool) and an ArrayBuffer', async () => {
    // The example holds non-ASCII text ("não"), so a string is only right if it is encoded as UTF-8.
    expect(Buffer.byteLength(instantBody)).toBeGreaterThan(instantBody.length);
    const bytes = new TextEncoder().encode(instantBody);
    const headers = signed(bytes);
    expect(headers).toEqual(signed(instantBody));
    const padded = Buffer.concat([Buffer.from('garbage before'), Buffer.from(bytes), Buffer.from('after')]);
    const offsetView = padded.subarray(14, 14 + bytes.length);
    expect(offsetView.byteOffset).toBeGreaterThan(0);
    for (const rawBody of [instantBody, bytes, Buffer.from(instantBody), offsetView, bytes.slice().buffer])
      await expect(verifyKlaviEvent(rawBody, headers, secret, options)).resolves.toEqual(instant);
  });

  it('accepts the signature in upper-case hex (the same bytes)', async () => {
    const headers = signed(instantBody);
    headers['x-klavi-signature'] = headers['x-klavi-signature'].toUpperCase();
    await expect(verifyKlaviEvent(instantBody, headers, secret, options)).resolves.toEqual(instant);
  });

  it('uses the clock by default', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(verifyKlaviEvent(instantBody, signed(instantBody, now), secret)).resolves.toEqual(instant);
    await expectRefused(
      verifyKlaviEvent(instantBody, signed(instantBody, now - 301), secret),
      'stale-timestamp',
      /old/,
    );
  });
});

describe('the signature', () => {
  it('refuses a body re-serialised with different whitespace (the parsed-then-stringified mistake)', async () => {
    const pretty = JSON.stringify(instant, null, 2);
    const headers = signed(pretty);
    await expect(verifyKlaviEvent(pretty, headers, secret, options)).resolves.toEqual(instant);
    const reserialised = JSON.stringify(JSON.parse(pretty));
    const error = await expectRefused(
      verifyKlaviEvent(reserialised, headers, secret, options),
      'bad-signature',
      /X-Klavi-Signature does not match the body/,
    );
    // Neither the secret nor the signature the body should have had is ever in the message.
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(sign(reserialised));
    expect(error.message).not.toContain(headers['x-klavi-signature']);
  });

  it('refuses a signature with one hex digit changed', async () => {
    const headers = signed(instantBody);
    const good = headers['x-klavi-signature'];
    for (const index of [0, 31, 63]) {
      const flipped = good.slice(0, index) + (good[index] === '0' ? '1' : '0') + good.slice(index + 1);
      await expectRefused(
        verifyKlaviEvent(instantBody, { ...headers, 'x-klavi-signature': flipped }, secret, options),
        'bad-signature',
        /does not match/,
      );
    }
    await expect(verifyKlaviEvent(instantBody, headers, secret, options)).resolves.toEqual(instant);
  });

  it('refuses a signature made with another secret', async () => {
    const headers = { ...signed(instantBody), 'x-klavi-signature': sign(instantBody, `${secret}x`) };
    await expectRefused(verifyKlaviEvent(instantBody, headers, secret, options), 'bad-signature', /does not match/);
    await expect(verifyKlaviEvent(instantBody, headers, `${secret}x`, options)).resolves.toEqual(instant);
  });

  it('refuses a signature of the wrong length or not hex, without calling WebCrypto on it', async () => {
    const verify = vi.spyOn(globalThis.crypto.subtle, 'verify');
    const good = signed(instantBody)['x-klavi-signature'];
    const bad = {
      'one digit short': good.slice(1),
      'one digit long': `${good}0`,
      'one byte long': `${good}00`,
      'twice as long': good + good,
      'a non-hex digit': `${good.slice(0, 63)}g`,
      'a prefix': `sha256=${good}`,
      'an inner space': `${good.slice(0, 32)} ${good.slice(33)}`,
    };
    for (const [what, signature] of Object.entries(bad)) {
      const error = await expectRefused(
        verifyKlaviEvent(instantBody, { ...signed(instantBody), 'x-klavi-signature': signature }, secret, options),
        'bad-signature',
        /X-Klavi-Signature is not 64 hex digits/,
      );
      expect(error.message, what).not.toContain(good);
    }
    expect(verify).not.toHaveBeenCalled();
    await expect(verifyKlaviEvent(instantBody, signed(instantBody), secret, options)).resolves.toEqual(instant);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});

describe('the headers', () => {
  it.each(['x-klavi-signature', 'x-klavi-timestamp'] as const)(
    'refuses an event without %s, or with it empty',
    async (name) => {
      const headers: Record<string, string> = signed(instantBody);
      const header = name === 'x-klavi-signature' ? /X-Klavi-Signature header is missing/ : /X-Klavi-Timestamp header/;
      await expectRefused(
        verifyKlaviEvent(instantBody, { ...headers, [name]: undefined as unknown as string }, secret, options),
        'missing-header',
        header,
      );
      const { [name]: _dropped, ...without } = headers;
      await expectRefused(verifyKlaviEvent(instantBody, without, secret, options), 'missing-header', header);
      await expectRefused(
        verifyKlaviEvent(instantBody, new Headers(without), secret, options),
        'missing-header',
        header,
      );
      await expectRefused(
        verifyKlaviEvent(instantBody, { ...headers, [name]: '' }, secret, options),
        'missing-header',
        header,
      );
      await expectRefused(
        verifyKlaviEvent(instantBody, { ...headers, [name]: [] }, secret, options),
        'missing-header',
        header,
      );
      await expect(verifyKlaviEvent(instantBody, headers, secret, options)).resolves.toEqual(instant);
    },
  );

  it('checks that both headers are there before the signature', async () => {
    const { 'x-klavi-timestamp': _dropped, ...withoutTimestamp } = signed(instantBody);
    await expectRefused(
      verifyKlaviEvent(instantBody, { ...withoutTimestamp, 'x-klavi-signature': 'nope' }, secret, options),
      'missing-header',
      /X-Klavi-Timestamp/,
    );
  });

  it('refuses a timestamp that is not Unix seconds', async () => {
    for (const value of ['soon', '1740716924.5', '-1740716924', '1e9', '2025-02-28T04:28:44Z', '1234567890123']) {
      await expectRefused(
        verifyKlaviEvent(instantBody, signed(instantBody, value), secret, options),
        'stale-timestamp',
        /X-Klavi-Timestamp is not a time in Unix seconds/,
      );
    }
    await expect(verifyKlaviEvent(instantBody, signed(instantBody, timestamp), secret, options)).resolves.toEqual(
      instant,
    );
  });
});

describe('the timestamp', () => {
  it('accepts up to the tolerance either way (default 300 s) and refuses beyond it, in the past and in the future', async () => {
    const headers = signed(instantBody);
    for (const skew of [-300, -1, 0, 1, 300])
      await expect(verifyKlaviEvent(instantBody, headers, secret, { now: at(timestamp + skew) })).resolves.toEqual(
        instant,
      );
    // The delivery is older than the tolerance: a replay.
    await expectRefused(
      verifyKlaviEvent(instantBody, headers, secret, { now: at(timestamp + 301) }),
      'stale-timestamp',
      /X-Klavi-Timestamp is 301 s old, beyond the 300 s tolerance/,
    );
    // The delivery claims to come from the future: a clock far off, or a forged timestamp.
    await expectRefused(
      verifyKlaviEvent(instantBody, headers, secret, { now: at(timestamp - 301) }),
      'stale-timestamp',
      /X-Klavi-Timestamp is 301 s ahead/,
    );
    // Fractions of a second count: 300.5 s is beyond 300 s.
    await expectRefused(
      verifyKlaviEvent(instantBody, headers, secret, { now: () => (timestamp + 300.5) * 1000 }),
      'stale-timestamp',
      /old/,
    );
  });

  it('follows toleranceSeconds', async () => {
    const headers = signed(instantBody);
    for (const now of [at(timestamp + 10), at(timestamp - 10)])
      await expect(verifyKlaviEvent(instantBody, headers, secret, { now, toleranceSeconds: 10 })).resolves.toEqual(
        instant,
      );
    for (const now of [at(timestamp + 11), at(timestamp - 11)])
      await expectRefused(
        verifyKlaviEvent(instantBody, headers, secret, { now, toleranceSeconds: 10 }),
        'stale-timestamp',
        /beyond the 10 s tolerance/,
      );
    await expectRefused(
      verifyKlaviEvent(instantBody, headers, secret, { now: at(timestamp + 1), toleranceSeconds: 0 }),
      'stale-timestamp',
      /1 s old/,
    );
    await expect(
      verifyKlaviEvent(instantBody, headers, secret, { now: at(timestamp + 3600), toleranceSeconds: 3600 }),
    ).resolves.toEqual(instant);
  });

  it('is checked after the signature, so a forged event is reported as such whatever its timestamp', async () => {
    const headers = { ...signed(instantBody, timestamp - 3600), 'x-klavi-signature': sign('other') };
    await expectRefused(verifyKlaviEvent(instantBody, headers, secret, options), 'bad-signature', /does not match/);
  });
});

describe('the body', () => {
  const verifySigned = (rawBody: string | Uint8Array) => verifyKlaviEvent(rawBody, signed(rawBody), secret, options);

  it('refuses a correctly signed body that is not JSON', async () => {
    for (const rawBody of ['', 'eventId=1&eventName=instant_payment.status_changed', `${instantBody}}`])
      await expectRefused(verifySigned(rawBody), 'malformed', /correctly signed but is not JSON/);
    await expectRefused(verifySigned(new Uint8Array([0x7b, 0xff, 0x7d])), 'malformed', /is not JSON/);
    await expect(verifySigned(instantBody)).resolves.toEqual(instant);
  });

  it('refuses an event of an unknown eventName, naming it', async () => {
    const rawBody = JSON.stringify({ ...instant, eventName: 'instant_payment.refunded' });
    await expectRefused(verifySigned(rawBody), 'malformed', /eventName instant_payment\.refunded is not one of/);
  });

  it('refuses JSON that is not a payment event', async () => {
    const cases: Record<string, unknown> = {
      'an array': [instant],
      'a string': 'instant_payment.status_changed',
      null: null,
      'no eventId': { ...instant, eventId: undefined },
      'a numeric eventId': { ...instant, eventId: 42 },
      'no eventType': { ...instant, eventType: undefined },
      'no eventTime': { ...instant, eventTime: undefined },
      'no partnerAppId': { ...instant, partnerAppId: undefined },
      'no eventName': { ...instant, eventName: undefined },
      'no data': { ...instant, data: undefined },
      'a null data': { ...instant, data: null },
      'a string data': { ...instant, data: 'CONSENT_AUTHORIZED' },
      'an array data': { ...instant, data: [instant.data] },
    };
    for (const [what, body] of Object.entries(cases)) {
      const error = await refusal(verifySigned(JSON.stringify(body)));
      expect(error.reason, what).toBe('malformed');
    }
    const missing = await refusal(verifySigned(JSON.stringify({ ...instant, eventId: undefined })));
    expect(missing.message).toMatch(/eventId/);
    const data = await refusal(verifySigned(JSON.stringify({ ...instant, data: null })));
    expect(data.message).toMatch(/data/);
  });

  it('does not validate data beyond its being an object (the spec types it; the client stays small)', async () => {
    const rawBody = JSON.stringify({ ...instant, data: { status: 'SOMETHING_NEW' } });
    await expect(verifySigned(rawBody)).resolves.toMatchObject({ data: { status: 'SOMETHING_NEW' } });
  });

  it('refuses a parsed object, or anything else that is not the raw body, with a TypeError', async () => {
    for (const body of [instant, [instant], null, undefined, 42]) {
      const error = await verifyKlaviEvent(body as any, signed(instantBody), secret, options).then(
        () => expect.fail('accepted a non-raw body'),
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/pass the raw request body/);
      expect(error.message).toMatch(/parsed and serialised again does not match its signature/);
    }
    const error = await verifyKlaviEvent(instant, signed(instantBody), secret, options).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/not a parsed object/);
  });
});

describe('arguments and options', () => {
  const call = (opts: unknown, ...key: unknown[]) =>
    verifyKlaviEvent(
      instantBody,
      signed(instantBody),
      (key.length ? key[0] : secret) as string,
      opts as VerifyKlaviEventOptions,
    );

  it('refuses a bad option with a KlaviConfigError naming it', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...options, toleranceSeconds: -1 }, /options\.toleranceSeconds/],
      [{ ...options, toleranceSeconds: Number.NaN }, /options\.toleranceSeconds/],
      [{ ...options, toleranceSeconds: Number.POSITIVE_INFINITY }, /options\.toleranceSeconds/],
      [{ ...options, toleranceSeconds: '300' }, /options\.toleranceSeconds/],
      [{ now: Date.now() }, /options\.now must be a function/],
      [{ now: () => Number.NaN }, /options\.now must return milliseconds/],
      [{ now: () => new Date() }, /options\.now must return milliseconds/],
      [{ ...options, tolerance: 600 }, /options\.tolerance is not an option/],
      [null, /options must be an object/],
      ['300', /options must be an object/],
    ];
    for (const [opts, message] of cases) {
      const error = await call(opts).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(KlaviConfigError);
      expect((error as Error).message).toMatch(message);
    }
    await expect(call({ ...options, toleranceSeconds: 0 })).resolves.toEqual(instant);
    await expect(call({ ...options, toleranceSeconds: undefined, now: undefined })).rejects.toThrow(/old/);
  });

  it('refuses an empty or non-string secretKey', async () => {
    for (const key of ['', undefined, 42]) await expect(call(options, key)).rejects.toThrow(KlaviConfigError);
    await expect(call(options, '')).rejects.toThrow(/secretKey must be a non-empty string/);
  });

  it('refuses headers that are not an object', async () => {
    await expect(verifyKlaviEvent(instantBody, undefined as any, secret, options)).rejects.toThrow(TypeError);
  });
});
