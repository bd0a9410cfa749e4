// The payer's part of a flow reads where the bank sent them back, whatever URI the merchant gave.
import { describe, expect, it } from 'vitest';
import { queryOf } from '../src/bank.js';

describe('queryOf', () => {
  it('reads the query of a Location the WHATWG URL parser would refuse', () => {
    expect(() => new URL('http://shop.example:99999/back?order=1&paymentId=p1#top')).toThrow();
    expect(
      Object.fromEntries(queryOf('http://shop.example:99999/back?order=1&paymentId=p1&status=CONSENT_AUTHORIZED#top')),
    ).toEqual({
      order: '1',
      paymentId: 'p1',
      status: 'CONSENT_AUTHORIZED',
    });
  });

  it('reads no query from a Location without one, and ignores a ? in the fragment', () => {
    expect([...queryOf('http://shop.example/back')]).toEqual([]);
    expect([...queryOf('http://shop.example/back#a?b=c')]).toEqual([]);
  });
});
