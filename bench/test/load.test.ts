// The sandbox-suite load must succeed on both servers, or its requests per second compare
// error answers. A wrong id on the status read is a 404 on our sandbox, so 0 non-2xx also
// proves each status read names the payment that connection created.
import { describe, expect, it } from 'vitest';
import {
  createThenStatus,
  helloWorldLoad,
  listAtVolume,
  loadAtVolume,
  memoryWithBound,
  SERVERS,
  startHelloWorld,
} from '../src/suites/sandbox.js';

describe.each(SERVERS.map((s) => [s.name, s] as const))('%s', (_name, server) => {
  it('serves the create-then-status load with no error answers', async () => {
    const running = await server.start();
    try {
      // A number of requests, not a duration: other test files share the CPU, and how fast either
      // server is belongs to the bench. Every create and status read answered without an error is
      // what this checks.
      const result = await createThenStatus(running.url, 1, { amount: 40 });
      expect(result.requests).toBeGreaterThanOrEqual(40);
      expect(result.non2xx).toBe(0);
      expect(result.errors).toBe(0);
      expect(result.requestsPerSecond).toBeGreaterThan(0);
      expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    } finally {
      await running.stop();
    }
  }, 120_000);
});

describe('the node:http hello-world baseline', () => {
  it('answers the same load with no error', async () => {
    const running = await startHelloWorld();
    try {
      const result = await helloWorldLoad(running.url, 1);
      expect(result.requests).toBeGreaterThanOrEqual(1);
      expect(result.non2xx).toBe(0);
      expect(result.errors).toBe(0);
    } finally {
      await running.stop();
    }
  }, 60_000);
});

describe('the volume measurement', () => {
  it('fills a sandbox and reads a page at each size, with the RSS and the heap after a full GC', async () => {
    const rows = await listAtVolume([5, 2_000], 1, () => {});
    expect(rows.map((r) => r.stored)).toEqual([5, 2_000]);
    for (const row of rows) {
      expect(row.pageMs).toBeGreaterThan(0);
      expect(row.rssBytes).toBeGreaterThan(1024 * 1024);
      expect(row.heapAfterGcBytes).toBeGreaterThan(1024 * 1024);
      expect(row.rssAfterGcBytes).toBeGreaterThan(row.heapAfterGcBytes);
    }
    // What 1,995 more payments hold is in the heap after the collection: more than a few bytes each.
    expect(rows[1]!.heapAfterGcBytes - rows[0]!.heapAfterGcBytes).toBeGreaterThan(1_995 * 200);
  }, 120_000);
});

describe('the load with payments stored first', () => {
  it('serves the load from a sandbox that holds the payments it was filled with', async () => {
    const empty = await loadAtVolume(0, 1, { amount: 40 });
    const filled = await loadAtVolume(2_000, 1, { amount: 40 });
    for (const { load } of [empty, filled]) {
      expect(load.requests).toBeGreaterThanOrEqual(40);
      expect(load.non2xx).toBe(0);
      expect(load.errors).toBe(0);
    }
    // The 2,000 payments were in the heap when the load began: more than a few bytes each.
    expect(filled.before.heapAfterGcBytes - empty.before.heapAfterGcBytes).toBeGreaterThan(2_000 * 200);
  }, 120_000);
});

describe('the bounded-memory measurement', () => {
  it('fills a sandbox started with --max-records, moving its clock, and reads the RSS and the heap after a full GC', async () => {
    const memory = await memoryWithBound(30, 10, 3);
    expect(memory.rssBytes).toBeGreaterThan(memory.heapAfterGcBytes);
    expect(memory.heapAfterGcBytes).toBeGreaterThan(1024 * 1024);
  }, 120_000);
});
