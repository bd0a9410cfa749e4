import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatMs,
  formatRatio,
  median,
  pairedRatio,
  percentile,
  relativeSpread,
  rounds,
} from '../src/stats.js';
import { interleave } from '../src/suite.js';

describe('median and percentile', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('uses the nearest rank for other percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses no samples and percentiles outside 0–100', () => {
    expect(() => median([])).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/0–100/);
  });
});

describe('pairedRatio', () => {
  it('cancels a drift that slows both contenders of a round alike', () => {
    // The machine gets twice as slow each round; ours stays half the alternative's time.
    expect(pairedRatio([1, 2, 4, 8], [2, 4, 8, 16])).toBe(0.5);
    // A ratio of medians would be thrown off by one disturbed round; the paired median is not.
    expect(pairedRatio([1, 1, 1], [2, 2, 20])).toBe(0.5);
  });

  it('refuses samples of different lengths', () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe('formatting', () => {
  it('chooses a unit that keeps the figure readable', () => {
    expect(formatMs(0.0345)).toBe('35 µs');
    expect(formatMs(2.25)).toBe('2.3 ms');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(1500)).toBe('1.50 s');
    expect(formatMs(61_000)).toBe('61.0 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(8806)).toBe('8.6 KiB');
    expect(formatRatio(1)).toBe('1.00×');
    expect(formatRatio(0.0123)).toBe('0.012×');
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(rounds(1)).toBe('1 round');
    expect(rounds(3)).toBe('3 rounds');
  });

  it('reports the spread relative to the median', () => {
    expect(relativeSpread([9, 10, 11])).toBeCloseTo(0.2);
  });
});

describe('interleave', () => {
  it('runs every contender once a round and rotates who goes first', async () => {
    const order: string[] = [];
    const samples = await interleave(3, ['a', 'b', 'c'], async (name, round) => {
      order.push(`${round}:${name}`);
      return round;
    });
    expect(order).toEqual(['0:a', '0:b', '0:c', '1:b', '1:c', '1:a', '2:c', '2:a', '2:b']);
    expect(samples).toEqual({ a: [0, 1, 2], b: [0, 1, 2], c: [0, 1, 2] });
  });
});
