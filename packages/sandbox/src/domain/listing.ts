// Lists newest first, a page at a time, in time that grows with the page and not with the store.
// Each app's (or consent's) records are kept in (createdAt, id) order as they are created; a page
// is found by binary search on the cursor and the date filters, and only its records are brought
// up to date with the clock. Sorting and catching up every stored record made one Management page
// take 239 ms at 100,000 payments.
import { ApiError } from '../errors.js';

export interface Listable {
  id: string;
  createdAt: number;
}

export interface PageQuery {
  pageSize?: number;
  cursor?: string;
  startDate?: string;
  endDate?: string;
}

export interface Page<V> {
  data: V[];
  nextCursor?: string;
}

const BRASILIA_OFFSET_MS = 3 * 3600_000;
const DAY_MS = 86_400_000;

/** (createdAt, id) ascending; pages list it the other way round. */
const compare = (a: Listable, createdAt: number, id: string) =>
  a.createdAt - createdAt || (a.id < id ? -1 : a.id > id ? 1 : 0);

const encodeCursor = (item: Listable) => Buffer.from(JSON.stringify([item.createdAt, item.id])).toString('base64url');

function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
      return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, 'query.cursor is not a cursor this server issued: pass the nextCursor of the previous page');
}

/** Refuses a cursor this server did not issue and a reversed date range; gives the cursor's key. */
export function checkQuery(query: PageQuery): [number, string] | undefined {
  const { startDate, endDate, cursor } = query;
  if (startDate && endDate && startDate > endDate)
    throw new ApiError(400, `query.startDate (${startDate}) must not be after query.endDate (${endDate})`);
  return cursor ? decodeCursor(cursor) : undefined;
}

/** The first instant of a Brasília calendar day (UTC-3), in epoch ms. */
const brasiliaDayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`) + BRASILIA_OFFSET_MS;

export class CreationIndex<T extends Listable> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** Drops the items `gone` says are gone, keeping the order: a batch at a time, so it is amortised. */
  removeWhere(gone: (item: T) => boolean): void {
    let kept = 0;
    for (const item of this.#items) if (!gone(item)) this.#items[kept++] = item;
    this.#items.length = kept;
  }

  /** The items, oldest first. */
  values(): IterableIterator<T> {
    return this.#items.values();
  }

  add(item: T): void {
    // The clock never goes back, so a new record almost always goes last.
    let at = this.#items.length;
    while (at > 0 && compare(this.#items[at - 1]!, item.createdAt, item.id) > 0) at--;
    if (at === this.#items.length) this.#items.push(item);
    else this.#items.splice(at, 0, item);
  }

  /** The first position whose item is at or after (createdAt, id). */
  #lowerBound(createdAt: number, id: string): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.#items[mid]!, createdAt, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Newest first, then by id. The cursor is the last item's (creation time, id), so items created
   * while a client pages through do not shift the pages it has yet to read. `prepare` runs on the
   * page's records only (bringing them up to date with the clock) before `view`.
   */
  page<V>(query: PageQuery, view: (item: T) => V, prepare: (item: T) => void = () => {}): Page<V> {
    const { pageSize = 20, startDate, endDate } = query;
    const after = checkQuery(query);
    // Positions [low, high) hold what the filters and the cursor leave, oldest to newest.
    const low = startDate ? this.#lowerBound(brasiliaDayStart(startDate), '') : 0;
    let high = endDate ? this.#lowerBound(brasiliaDayStart(endDate) + DAY_MS, '') : this.#items.length;
    if (after) high = Math.min(high, this.#lowerBound(...after));
    const from = Math.max(low, high - pageSize);
    const records = from < high ? this.#items.slice(from, high).reverse() : [];
    for (const record of records) prepare(record);
    const last = records.at(-1);
    return { data: records.map(view), ...(from > low && last ? { nextCursor: encodeCursor(last) } : {}) };
  }
}

/** The index under `key`, made on first use. */
export function indexOf<T extends Listable>(indexes: Map<string, CreationIndex<T>>, key: string): CreationIndex<T> {
  let index = indexes.get(key);
  if (!index) {
    index = new CreationIndex<T>();
    indexes.set(key, index);
  }
  return index;
}
