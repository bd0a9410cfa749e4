// Identifiers for the sandbox's resources. With a seed, the same calls produce the same ids, so a
// failing test can be replayed; without one, ids are random.
import { randomBytes, randomFillSync } from 'node:crypto';

export interface IdSource {
  /** Where a seeded source stands, so a restarted sandbox goes on with new ids; undefined when random. */
  toData(): IdsData | undefined;
  uuid(): string;
  /** `E` + ISPB + yyyyMMddHHmm (UTC) + 11 alphanumerics: the Pix end-to-end id layout. */
  endToEndId(ispb: string, epochMs: number): string;
  consentId(): string;
  token(bytes?: number): string;
}

/** A seeded source's seed and its PRNG's four words. */
export interface IdsData {
  seed: number;
  words: [number, number, number, number];
}

/** sfc32, a small counter-based PRNG: enough for reproducible ids, never for secrets. */
function sfc32(seed: number, words?: IdsData['words']): { next: () => number; words: () => IdsData['words'] } {
  let [a, b, c, d] = words ?? [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  if (!words) for (let i = 0; i < 15; i++) next();
  return { next, words: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0] };
}

/**
 * Cryptographic randomness drawn from a pool refilled 4 KiB at a time: one randomBytes call per
 * id was 40% of the sandbox's CPU under load. The pool's bytes are as unpredictable as
 * randomBytes' own (the same source); each is handed out once.
 */
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

/** The offset of `n` pool bytes no one has had, refilling the pool when too few are left. */
function reserve(n: number): number {
  if (poolAt + n > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += n;
  return at;
}

function take(n: number): Buffer {
  if (n > POOL.length) return randomBytes(n);
  const at = reserve(n);
  return POOL.subarray(at, at + n);
}

/** A word straight from the pool: a Buffer view per word was most of an id's cost. */
const pooledWord = (): number => POOL.readUInt32BE(reserve(4));

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;
const UUID_TEXT = Buffer.alloc(36);

/**
 * 16 bytes as a v4 UUID (RFC 9562: version 4, variant 10). Written into one buffer and read out as
 * one string: Node's randomUUID joins 20 pieces, and that garbage was a twentieth of what each
 * request allocated.
 */
export function uuidOf(bytes: Uint8Array, at = 0): string {
  let out = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) UUID_TEXT[out++] = DASH;
    let byte = bytes[at + i]!;
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    UUID_TEXT[out++] = HEX[byte >> 4]!;
    UUID_TEXT[out++] = HEX[byte & 0x0f]!;
  }
  return UUID_TEXT.toString('latin1', 0, 36);
}

/** A random v4 UUID from the pool's cryptographic randomness. */
export const randomUuid = (): string => uuidOf(POOL, reserve(16));

const ALNUM_BYTES = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'latin1');
/** Where alphanumerics are written before they are read out as one string (as UUID_TEXT is). */
const ALNUM_TEXT = Buffer.alloc(16);

/** Ids from `seed`, or random without one; `from` resumes a seeded source where `toData` left it. */
export function createIds(seed?: number, from?: IdsData): IdSource {
  const seeded = from ? sfc32(from.seed, from.words) : seed === undefined ? undefined : sfc32(seed);
  const first = from?.seed ?? seed;
  const random = seeded ? seeded.next : pooledWord;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => random() & 0xff);
  const alnum = (n: number) => {
    if (n > ALNUM_TEXT.length)
      throw new RangeError(`at most ${ALNUM_TEXT.length} alphanumerics at a time, asked for ${n}`);
    for (let i = 0; i < n; i++) ALNUM_TEXT[i] = ALNUM_BYTES[random() % ALNUM_BYTES.length]!;
    return ALNUM_TEXT.toString('latin1', 0, n);
  };
  return {
    toData: () => (seeded && first !== undefined ? { seed: first, words: seeded.words() } : undefined),
    uuid: () => (seeded ? uuidOf(bytes(16)) : randomUuid()),
    endToEndId(ispb, epochMs) {
      const stamp = new Date(epochMs).toISOString().replace(/[-T:]/g, '').slice(0, 12);
      return `E${ispb}${stamp}${alnum(11)}`;
    },
    consentId: () => `urn:klavisandbox:${alnum(12)}`,
    // Single-use page tokens guard the bank pages: they must not be guessable, seed or not.
    token: (n = 24) => take(n).toString('base64url'),
  };
}
