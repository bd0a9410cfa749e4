import type { MaybeOptionalInit } from 'openapi-fetch';
import type { KlaviClient } from './client.js';
import type { InitParam, LooseGet, Page, PageItem, PaginatedPath, Paths } from './types.js';

/** One page of a cursor-paginated list: its items and the cursor of the next page, if any. */
export interface CursorPage<Item> {
  data: readonly Item[];
  nextCursor?: string;
}

/** Items across pages, lazily: a page is requested only when the previous one is used up. */
export interface Paginator<Item, Page = CursorPage<Item>> extends AsyncIterable<Item> {
  /** The pages themselves, for callers who want the page boundaries. */
  pages(): AsyncIterable<Page>;
  /** Collects every item, at most `limit` of them (default: no limit). */
  toArray(limit?: number): Promise<Item[]>;
}

/**
 * Follows `nextCursor` from `firstCursor` until a page has none. A server that hands back a
 * cursor it already gave would loop forever; that is reported instead.
 */
export function followCursor<Item, Page extends CursorPage<Item>>(
  readPage: (cursor: string | undefined) => Promise<Page>,
  firstCursor?: string,
): Paginator<Item, Page> {
  async function* pages(): AsyncGenerator<Page> {
    const seen = new Set<string>();
    let cursor = firstCursor;
    for (;;) {
      const page = await readPage(cursor);
      yield page;
      if (page.nextCursor === undefined || page.nextCursor === null || page.nextCursor === '') return;
      if (seen.has(page.nextCursor))
        throw new Error(`pagination: the server returned the cursor ${JSON.stringify(page.nextCursor)} twice`);
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }
  async function* items(): AsyncGenerator<Item> {
    for await (const page of pages()) yield* page.data;
  }
  return {
    [Symbol.asyncIterator]: () => items(),
    pages,
    async toArray(limit = Infinity) {
      const all: Item[] = [];
      if (limit <= 0) return all;
      for await (const item of items()) {
        all.push(item);
        if (all.length >= limit) break;
      }
      return all;
    },
  };
}

/**
 * Iterates a cursor-paginated Management list across pages:
 * `for await (const order of paginate(klavi, '/payment/management/v1/merchants/{appId}/orders', …))`.
 * A `cursor` in the query starts there. Each page is a GET through `client`, so it is authorised,
 * retried and timed out like any call, and an error answer is thrown.
 */
export function paginate<P extends PaginatedPath, Init extends MaybeOptionalInit<Paths[P], 'get'>>(
  client: KlaviClient<boolean>,
  url: P,
  ...[init]: InitParam<Init>
): Paginator<PageItem<P>, Page<P>> {
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } } & Record<string, unknown>;
  const { cursor: first, ...query } = options.params?.query ?? {};
  const get = client.GET as unknown as LooseGet;
  const pages = followCursor<unknown, CursorPage<unknown>>(
    async (cursor) => {
      const pageInit = {
        ...options,
        throwOnError: true,
        params: { ...options.params, query: cursor === undefined ? query : { ...query, cursor } },
      };
      return (await get(url, pageInit)).data as CursorPage<unknown>;
    },
    typeof first === 'string' ? first : undefined,
  );
  return pages as Paginator<PageItem<P>, Page<P>>;
}
