import { describe, expect, it } from 'vitest';
import { UsedKeys } from '../src/domain/used-keys.js';

describe('UsedKeys', () => {
  it('claims an id once per app and kind, and again once it is released', () => {
    const keys = new UsedKeys();
    expect(keys.claim('app-1', 'instant', 'r-1')).toBe(true);
    expect(keys.claim('app-1', 'instant', 'r-1')).toBe(false);
    // The same id is free for another kind and another app.
    expect(keys.claim('app-1', 'consent', 'r-1')).toBe(true);
    expect(keys.claim('app-2', 'instant', 'r-1')).toBe(true);
    keys.release('app-1', 'instant', 'r-1');
    expect(keys.claim('app-1', 'instant', 'r-1')).toBe(true);
    // Releasing what was never claimed changes nothing.
    keys.release('app-3', 'instant', 'r-9');
    expect([...keys].sort()).toEqual(['app-1 consent r-1', 'app-1 instant r-1', 'app-2 instant r-1']);
  });

  it('keeps ids that differ only where a joined key would blur them apart', () => {
    const keys = new UsedKeys();
    expect(keys.claim('a b', 'instant', 'c')).toBe(true);
    expect(keys.claim('a', 'b instant', 'c')).toBe(true);
  });
});
