// Ids: reproducible with a seed, and without one drawn from a pooled random source that must never
// hand the same bytes out twice, across its refills.
import { describe, expect, it } from 'vitest';
import { createIds, randomUuid, uuidOf } from '../src/ids.js';

describe('createIds', () => {
  it('gives unique page tokens and ids across many pool refills', () => {
    const ids = createIds();
    // 24-byte tokens: 2,000 of them draw 48 KiB, a dozen refills of the 4 KiB pool.
    const tokens = Array.from({ length: 2000 }, () => ids.token());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const consents = Array.from({ length: 2000 }, () => ids.consentId());
    expect(new Set(consents).size).toBe(consents.length);
    const uuids = Array.from({ length: 2000 }, () => ids.uuid());
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('spreads alphanumerics over the whole alphabet', () => {
    const ids = createIds();
    const seen = new Set([
      ...Array.from({ length: 400 }, () => ids.consentId().slice('urn:klavisandbox:'.length)).join(''),
    ]);
    expect(seen.size).toBe(62);
  });

  it('repeats the same ids for the same seed, and resumes where toData left off', () => {
    const a = createIds(42);
    const b = createIds(42);
    const first = [a.uuid(), a.consentId(), a.endToEndId('12345678', Date.UTC(2026, 10, 21))];
    expect([b.uuid(), b.consentId(), b.endToEndId('12345678', Date.UTC(2026, 10, 21))]).toEqual(first);
    const resumed = createIds(undefined, a.toData());
    expect(resumed.uuid()).toBe(a.uuid());
    expect(createIds().toData()).toBeUndefined();
  });

  it('writes 16 bytes as a v4 UUID, setting the version and variant bits and nothing else', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(uuidOf(bytes)).toBe('00112233-4455-4677-8899-aabbccddeeff');
    expect(uuidOf(new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    // At an offset, as the pool hands them out; the bytes themselves are not changed.
    const pool = Uint8Array.from({ length: 20 }, (_, i) => i);
    expect(uuidOf(pool, 4)).toBe('04050607-0809-4a0b-8c0d-0e0f10111213');
    expect(pool[10]).toBe(10);
  });

  it('gives request ids that are distinct v4 UUIDs', () => {
    const uuids = Array.from({ length: 1000 }, () => randomUuid());
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
