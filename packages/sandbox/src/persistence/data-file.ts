// The file a sandbox keeps its state in (`--data FILE`): an LMDB database (lmdb-js, JSON values).
// Each request's changes are committed before its answer goes out (in a transaction lmdb-js shares
// among the requests in flight), so what a client was told exists survives a restart, and a crash
// loses at most the requests in flight.
// Commits skip fsync (noSync): a killed process loses nothing, a power cut may lose the last
// commits, which is the trade a simulator makes for 9 µs commits instead of 290 µs.
import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import type { JWK } from 'jose';
import type { ClockData } from '../clock.js';
import type { IdsData } from '../ids.js';
import { checkDataFile, dataFileLayout } from './data-file-check.js';
import type { RecordKind, StoredRecord } from './records.js';

/** Bumped when the stored form changes in a way an older sandbox could not read. */
export const DATA_FORMAT = 1;

/** What a data file was made with, and the key pair its tokens are signed with. Written once. */
export interface DataOrigin {
  format: number;
  /** The seed ids came from, or null when they were random. */
  seed: number | null;
  /** The clock it started with: the wall clock, a start time, or one the embedding code supplies. */
  clock: 'system' | 'custom' | number;
  privateJwk: JWK;
  createdAt: string;
}

/** Where the clock and the seeded ids stand; rewritten with every change. */
export interface DataProgress {
  clock: ClockData | null;
  ids: IdsData | null;
  nextSeq: number;
}

export interface DataChanges {
  put: StoredRecord[];
  remove: Array<[RecordKind, string]>;
  rateLimitedAdd: string[];
  rateLimitedRemove: string[];
  progress: DataProgress;
}

type Key = string;

// Keys are prefix and parts joined by the unit separator (U+001F, which no id or clientRequestId may
// hold), so a prefix's keys are exactly those from `prefix US` up to `prefix SPACE`.
const SEP = '\u001f';
const keyOf = (...parts: string[]) => parts.join(SEP);
const rangeOf = (prefix: string) => ({ start: prefix + SEP, end: `${prefix} ` });

/** The data file is a sandbox's already: two sandboxes on one file would overwrite each other. */
export class DataFileBusy extends Error {}

/** The data file cannot be read as a sandbox's. */
export class DataFileError extends Error {}

/** Files open in this process, by path: a second sandbox in the same process is refused too. */
const OPEN = new Set<string>();

interface Owner {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataFile {
  readonly path: string;
  readonly #db: RootDatabase<unknown, Key>;
  #closed = false;

  private constructor(path: string, db: RootDatabase<unknown, Key>) {
    this.path = path;
    this.#db = db;
  }

  /** Opens (or makes) the file and claims it for this process. */
  static open(file: string): DataFile {
    const path = resolve(file);
    if (OPEN.has(path))
      throw new DataFileBusy(`data file ${path} is already open in this process; give each sandbox its own file`);
    // LMDB trusts the file it maps: a damaged or truncated one crashes the process (SIGSEGV,
    // SIGBUS) instead of failing. The check reads it first and refuses it with the reason, before
    // lmdb-js has touched it or made a lock file beside it.
    const verdict = checkDataFile(path);
    if (!verdict.ok) throw new DataFileError(`data file ${verdict.file} ${verdict.problem}`);
    const layout = dataFileLayout(path);
    const hadLock = existsSync(layout.lock);
    let db: RootDatabase<unknown, Key>;
    try {
      // noSubdir as lmdb-js would pick it, given explicitly so that the check and LMDB agree.
      db = open<unknown, Key>({
        path,
        encoding: 'json',
        noSync: true,
        compression: false,
        noSubdir: !layout.directory,
      });
    } catch (error) {
      // A lock file lmdb-js made for a file it then could not open is removed; one that was there
      // before is not ours to remove.
      if (!hadLock) rmSync(layout.lock, { force: true });
      throw new DataFileError(`data file ${path} cannot be opened: ${(error as Error).message}`);
    }
    const data = new DataFile(path, db);
    try {
      data.#claim();
    } catch (error) {
      void db.close();
      throw error;
    }
    OPEN.add(path);
    return data;
  }

  #claim(): void {
    const me: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    // LMDB serialises write transactions across processes, so two starts cannot both claim it.
    this.#db.transactionSync(() => {
      const owner = this.#db.get('owner') as Owner | undefined;
      // A pid is only meaningful on its own host; a file on a volume that moved hosts (a new
      // container) is taken over, since its old owner cannot be asked.
      if (owner && owner.pid !== process.pid && owner.host === me.host && alive(owner.pid)) {
        throw new DataFileBusy(
          `data file ${this.path} is in use by process ${owner.pid} (since ${owner.since}); stop that sandbox or give this one another file`,
        );
      }
      this.#db.putSync('owner', me);
    });
  }

  origin(): DataOrigin | undefined {
    const origin = this.#db.get('origin') as DataOrigin | undefined;
    if (origin && origin.format !== DATA_FORMAT) {
      throw new DataFileError(
        `data file ${this.path} has format ${String(origin.format)}; this sandbox reads format ${DATA_FORMAT}. Start with a new file`,
      );
    }
    return origin;
  }

  progress(): DataProgress | undefined {
    return this.#db.get('progress') as DataProgress | undefined;
  }

  writeOrigin(origin: DataOrigin): void {
    this.#db.putSync('origin', origin);
  }

  /** Every stored record, in no particular order. */
  *records(): Generator<unknown> {
    for (const { value } of this.#db.getRange(rangeOf('record'))) yield value;
  }

  /** The payment events still to be delivered, oldest first (keys sort in queue order). */
  outbox(): Array<{ key: string; value: unknown }> {
    return [...this.#db.getRange(rangeOf('outbox'))].map(({ key, value }) => ({
      key: String(key).slice('outbox'.length + 1),
      value,
    }));
  }

  /** Keeps a queued delivery; written with the next commit of the requests in flight. */
  putOutbox(key: string, value: unknown): Promise<unknown> {
    return this.#db.put(keyOf('outbox', key), value);
  }

  removeOutbox(key: string): Promise<unknown> {
    return this.#db.remove(keyOf('outbox', key));
  }

  rateLimited(): string[] {
    return [...this.#db.getKeys(rangeOf('rate'))].map((key) => key.slice('rate'.length + 1));
  }

  /**
   * Writes `changes` and resolves once they are committed. lmdb-js gathers the writes of every
   * request in flight into one transaction, so concurrent requests share a commit.
   */
  commit(changes: DataChanges): Promise<void> {
    let last: Promise<boolean> | undefined;
    for (const record of changes.put) last = this.#db.put(keyOf('record', record.kind, record.id), record);
    for (const [kind, id] of changes.remove) last = this.#db.remove(keyOf('record', kind, id));
    for (const key of changes.rateLimitedAdd) last = this.#db.put(keyOf('rate', key), true);
    for (const key of changes.rateLimitedRemove) last = this.#db.remove(keyOf('rate', key));
    last = this.#db.put('progress', changes.progress);
    // Writes are applied in the order they were issued: once the last is committed, all are.
    return last.then(() => undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    OPEN.delete(this.path);
    try {
      this.#db.transactionSync(() => {
        if ((this.#db.get('owner') as Owner | undefined)?.pid === process.pid) this.#db.removeSync('owner');
      });
    } finally {
      await this.#db.close();
    }
  }
}
