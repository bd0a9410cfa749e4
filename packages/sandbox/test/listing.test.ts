// The creation index gives exactly the pages that sorting every stored record gave (the reference
// below is the sandbox's former implementation), for any mix of ties, cursors and date filters.
import { describe, expect, it } from 'vitest';
import { brasiliaDate } from '../src/clock.js';
import { CreationIndex, type Listable, type PageQuery } from '../src/domain/listing.js';

/** The former page(): filter, sort everything, find the cursor, slice. */
function reference<T extends Listable>(items: T[], query: PageQuery): { data: string[]; nextCursor?: string } {
  const { pageSize = 20, cursor, startDate, endDate } = query;
  const after = cursor
    ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string])
    : undefined;
  const sorted = items
    .filter((item) => {
      const day = brasiliaDate(item.createdAt);
      return (!startDate || day >= startDate) && (!endDate || day <= endDate);
    })
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const start = after
    ? sorted.findIndex((item) => item.createdAt < after[0] || (item.createdAt === after[0] && item.id < after[1]))
    : 0;
  const slice = start < 0 ? [] : sorted.slice(start, start + pageSize);
  const last = slice.at(-1);
  const more = start >= 0 && start + pageSize < sorted.length;
  return {
    data: slice.map((i) => i.id),
    ...(more && last
      ? { nextCursor: Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') }
      : {}),
  };
}

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const DAY = 86_400_000;
const START = Date.parse('2026-11-20T01:00:00.000Z');

describe('CreationIndex.page', () => {
  it('matches sorting everything, page after page, with ties, date filters and out-of-order ids', () => {
    const next = random(42);
    for (let round = 0; round < 40; round++) {
      const items: Listable[] = [];
      const index = new CreationIndex<Listable>();
      let at = START;
      const count = Math.floor(next() * 120);
      for (let i = 0; i < count; i++) {
        // Several records in the same millisecond, and jumps across Brasília midnights.
        if (next() < 0.6) at += Math.floor(next() * 8 * 3600_000);
        const item = {
          id: Math.floor(next() * 1e9)
            .toString(36)
            .padStart(6, '0'),
          createdAt: at,
        };
        items.push(item);
        index.add(item);
      }
      const day = (offset: number) => brasiliaDate(START + offset * DAY);
      const query: PageQuery = {
        pageSize: 1 + Math.floor(next() * 25),
        ...(next() < 0.5 ? { startDate: day(Math.floor(next() * 4)) } : {}),
        ...(next() < 0.5 ? { endDate: day(1 + Math.floor(next() * 6)) } : {}),
      };
      if (query.startDate && query.endDate && query.startDate > query.endDate) delete query.startDate;
      let cursor: string | undefined;
      let pages = 0;
      do {
        const withCursor = { ...query, ...(cursor ? { cursor } : {}) };
        const got = index.page(withCursor, (item) => item.id);
        expect(got, `round ${round}, page ${pages}`).toEqual(reference(items, withCursor));
        cursor = got.nextCursor;
        pages += 1;
      } while (cursor && pages < 200);
    }
  });

  it('brings only the page up to date, however many records it holds', () => {
    const index = new CreationIndex<Listable>();
    for (let i = 0; i < 10_000; i++) index.add({ id: `id-${String(i).padStart(5, '0')}`, createdAt: START + i });
    const prepared: string[] = [];
    const page = index.page(
      { pageSize: 3 },
      (item) => item.id,
      (item) => prepared.push(item.id),
    );
    expect(page.data).toEqual(['id-09999', 'id-09998', 'id-09997']);
    expect(prepared).toEqual(page.data);
  });

  it('refuses a cursor it did not issue and a reversed date range', () => {
    const index = new CreationIndex<Listable>();
    expect(() => index.page({ cursor: 'bm9wZQ' }, (i) => i)).toThrow(/query.cursor is not a cursor this server issued/);
    expect(() => index.page({ startDate: '2026-11-21', endDate: '2026-11-20' }, (i) => i)).toThrow(/must not be after/);
  });
});
