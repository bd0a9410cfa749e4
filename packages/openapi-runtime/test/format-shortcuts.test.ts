// The shortcuts in front of ajv-formats' `uri` and `date-time` must give ajv-formats' verdict on
// every string: a shortcut may only accept what ajv-formats accepts. Checked on strings made by
// mutating the common shapes one or two characters at a time, and on the edges of the calendar.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { SpecValidator } from '../src/index.js';
import { dateTime, isUtcTimestamp, PLAIN_HTTP_URL, uri } from '../src/format-shortcuts.js';
import { random } from './support/random.js';

const fullUri = fullFormats.uri as (text: string) => boolean;
const fullDateTime = (fullFormats['date-time'] as { validate: (text: string) => boolean }).validate;

/** Each seed string, then copies with one or two characters replaced, inserted or removed. */
function mutations(seeds: readonly string[], alphabet: string, count: number, seed: number): string[] {
  const next = random(seed);
  const pick = (text: string) => text[Math.floor(next() * text.length)] ?? '';
  const out = [...seeds];
  for (let i = 0; i < count; i++) {
    let text = seeds[i % seeds.length]!;
    for (let edits = 1 + Math.floor(next() * 2); edits > 0; edits--) {
      const at = Math.floor(next() * (text.length + 1));
      const kind = next();
      if (kind < 0.5) text = text.slice(0, at) + pick(alphabet) + text.slice(at + 1);
      else if (kind < 0.8) text = text.slice(0, at) + pick(alphabet) + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + 1);
    }
    out.push(text);
  }
  return out;
}

describe('the uri shortcut', () => {
  const seeds = [
    'http://127.0.0.1:4010/sandbox/bank/authorize/UkbMryBZjIh3i4iS-Q6QDV8u44dvl5sl',
    'https://your-platform.com/callback',
    'HTTPS://EXAMPLE.COM',
    'http://localhost:65535/',
    'https://a/b//c/~d',
  ];
  const corpus = mutations(seeds, 'abcXYZ0129.-_~:/?#[]@!$&\'()*+,;=% "<>\\^`{|}é', 20_000, 11);

  it('gives ajv-formats verdict on every string of the corpus', () => {
    const differ = corpus.filter((text) => uri(text) !== fullUri(text));
    expect(differ).toEqual([]);
  });

  it('decides the common shape itself, and leaves the rest to ajv-formats', () => {
    const taken = corpus.filter((text) => PLAIN_HTTP_URL.test(text));
    // The corpus exercises both sides: strings the shortcut accepts, and accepted strings it leaves.
    expect(taken.length).toBeGreaterThan(1_000);
    expect(corpus.filter((text) => !PLAIN_HTTP_URL.test(text) && fullUri(text)).length).toBeGreaterThan(1_000);
    for (const text of ['http://a:99999x', 'http://', 'http://a b', 'http://a/%zz', 'ftp://a/b'])
      expect(uri(text), text).toBe(fullUri(text));
  });
});

describe('the date-time shortcut', () => {
  const seeds = [
    '2026-12-03T07:23:28.306Z',
    '2026-12-03T07:23:28Z',
    '2024-02-29T23:59:59.999999999Z',
    '2023-02-28T00:00:00Z',
    '2000-02-29T12:00:00.1Z',
  ];
  const corpus = mutations(seeds, '0123456789-:.TtZz +x', 20_000, 12);

  it('gives ajv-formats verdict on every string of the corpus', () => {
    const differ = corpus.filter((text) => dateTime.validate(text) !== fullDateTime(text));
    expect(differ).toEqual([]);
  });

  it('accepts only real days and times, leaving leap seconds, offsets and lower case to ajv-formats', () => {
    for (const text of [
      '1900-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-01T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:60:00Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:00.Z',
      '2026-01-01T00:00:00',
    ]) {
      expect(isUtcTimestamp(text), text).toBe(false);
      expect(dateTime.validate(text), text).toBe(fullDateTime(text));
    }
    for (const text of [
      '2016-12-31T23:59:60Z',
      '2026-01-01T00:00:00+03:00',
      '2026-01-01t00:00:00z',
      '2026-01-01 00:00:00Z',
    ]) {
      expect(isUtcTimestamp(text), text).toBe(false);
      expect(dateTime.validate(text), text).toBe(true);
    }
    expect(corpus.filter(isUtcTimestamp).length).toBeGreaterThan(1_000);
  });
});

describe('the spec validator', () => {
  it('checks uri and date-time through the shortcuts, with the messages it always gave', () => {
    const validator = new SpecValidator({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { Link: { type: 'string', format: 'uri' }, At: { type: 'string', format: 'date-time' } } },
    });
    expect(validator.validate('#/components/schemas/Link', 'https://example.com/a', 'body.redirectURL')).toEqual({
      valid: true,
    });
    expect(validator.validate('#/components/schemas/Link', 'not a uri', 'body.redirectURL').message).toBe(
      'body.redirectURL must be a valid uri',
    );
    expect(
      validator.validate('#/components/schemas/At', '2026-12-03T07:23:28.306Z', 'response.statusUpdateAt'),
    ).toEqual({ valid: true });
    expect(
      validator.validate('#/components/schemas/At', '2026-02-30T07:23:28Z', 'response.statusUpdateAt').message,
    ).toBe('response.statusUpdateAt must be a valid date-time');
  });
});
