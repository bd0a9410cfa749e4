// The singleton-header check reads Node's raw header list: names as sent, values after them.
import { describe, expect, it } from 'vitest';
import { repeatedSingleHeader, SINGLE_HEADERS } from '../src/single-headers.js';

const raw = (...names: string[]) => names.flatMap((name, i) => [name, `value-${i}`]);

describe('repeatedSingleHeader', () => {
  it.each(SINGLE_HEADERS)('finds %s sent twice, whatever its case', (name) => {
    expect(repeatedSingleHeader(raw('Accept', name, 'User-Agent', name.toUpperCase()))).toEqual({ name, count: 2 });
  });

  it('counts every time it was sent', () => {
    expect(repeatedSingleHeader(raw('host', 'authorization', 'Authorization', 'AUTHORIZATION'))).toEqual({
      name: 'Authorization',
      count: 3,
    });
  });

  it('lets headers that may repeat repeat, and each singleton come once', () => {
    expect(repeatedSingleHeader(raw(...SINGLE_HEADERS, 'Accept', 'accept', 'Cookie', 'cookie'))).toBeUndefined();
    expect(repeatedSingleHeader([])).toBeUndefined();
  });

  it('does not take a header for a singleton because its name is as long', () => {
    // Accept-Charset and Content-Length, Content-Range and Authorization are the same lengths.
    expect(
      repeatedSingleHeader(
        raw('Accept-Charset', 'Content-Length', 'Accept-Charset', 'Content-Range', 'Authorization', 'Content-Range'),
      ),
    ).toBeUndefined();
  });
});
