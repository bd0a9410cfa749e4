// Node keeps the first of duplicate singleton headers and drops the rest, so a request with two
// Authorization headers would be judged on one of them silently. This finds such a header in the
// raw header list. It runs on every request, so it allocates nothing for a request without one:
// only a name whose length is a singleton's is lower-cased, and what was seen is a bit mask.

/** Headers that must come once, with the spelling a message uses. */
export const SINGLE_HEADERS = [
  'Authorization',
  'Proxy-Authorization',
  'Content-Type',
  'Content-Length',
  'Host',
  'X-Request-Id',
] as const;

interface Candidate {
  lower: string;
  bit: number;
  name: string;
}

/** The singletons by the length of their name. */
const BY_LENGTH: Array<Candidate[] | undefined> = [];
for (const [index, name] of SINGLE_HEADERS.entries()) {
  const candidates = BY_LENGTH[name.length] ?? [];
  candidates.push({ lower: name.toLowerCase(), bit: 1 << index, name });
  BY_LENGTH[name.length] = candidates;
}

function singletonOf(rawName: string): Candidate | undefined {
  const candidates = BY_LENGTH[rawName.length];
  if (candidates === undefined) return undefined;
  const lower = rawName.toLowerCase();
  for (const candidate of candidates) if (candidate.lower === lower) return candidate;
  return undefined;
}

/** The first singleton header sent more than once, with how many times; undefined when none was. */
export function repeatedSingleHeader(rawHeaders: readonly string[]): { name: string; count: number } | undefined {
  let seen = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const candidate = singletonOf(rawHeaders[i]!);
    if (candidate === undefined) continue;
    if ((seen & candidate.bit) === 0) {
      seen |= candidate.bit;
      continue;
    }
    let count = 0;
    for (let j = 0; j < rawHeaders.length; j += 2) if (singletonOf(rawHeaders[j]!) === candidate) count++;
    return { name: candidate.name, count };
  }
  return undefined;
}
