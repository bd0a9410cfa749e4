// What changed since the last commit, and the commit itself: the domain tells the state which
// records it made or changed (SandboxState.changed/removed), and the server commits once per
// request, before the answer goes out. Status moves that `catchUp` applies on a read are not
// written: the stored plan and the stored clock replay them, exactly, after a restart.
import type { SandboxClock } from '../clock.js';
import { isDataClock } from '../clock.js';
import type { IdSource } from '../ids.js';
import type { DataFile, DataProgress } from './data-file.js';
import { toStored, type AnyRecord, type RecordKind } from './records.js';

export class Journal {
  readonly #file: DataFile;
  readonly #clock: SandboxClock;
  readonly #ids: IdSource;
  /** The order each record was made in, kept across restarts so lists and eviction keep theirs. */
  readonly #seq = new WeakMap<AnyRecord, number>();
  #nextSeq: number;
  readonly #put = new Map<string, { kind: RecordKind; record: AnyRecord }>();
  readonly #remove = new Map<string, [RecordKind, string]>();
  readonly #rateAdd = new Set<string>();
  readonly #rateRemove = new Set<string>();
  #lastProgress: string;
  /** Settles once every commit made so far has: what an answer waits for when nothing new changed. */
  #landed: Promise<void> | undefined;

  constructor(file: DataFile, clock: SandboxClock, ids: IdSource, nextSeq: number) {
    this.#file = file;
    this.#clock = clock;
    this.#ids = ids;
    this.#nextSeq = nextSeq;
    this.#lastProgress = JSON.stringify(this.#progress());
  }

  /** A record read back from the file, with the place in the order it had. */
  restored(record: AnyRecord, seq: number): void {
    this.#seq.set(record, seq);
  }

  changed(kind: RecordKind, record: AnyRecord): void {
    if (!this.#seq.has(record)) this.#seq.set(record, this.#nextSeq++);
    const key = `${kind} ${record.id}`;
    this.#remove.delete(key);
    this.#put.set(key, { kind, record });
  }

  removed(kind: RecordKind, id: string): void {
    const key = `${kind} ${id}`;
    this.#put.delete(key);
    this.#remove.set(key, [kind, id]);
  }

  rateLimited(key: string, limited: boolean): void {
    (limited ? this.#rateRemove : this.#rateAdd).delete(key);
    (limited ? this.#rateAdd : this.#rateRemove).add(key);
  }

  #progress(): DataProgress {
    return { clock: isDataClock(this.#clock) ? this.#clock.toData() : null, ids: this.#ids.toData() ?? null, nextSeq: this.#nextSeq };
  }

  /**
   * Writes what changed, resolving once it and every earlier commit are in the file. With nothing
   * new it is the commits still under way: a request's changes may have gone out with another
   * request's commit (answers are sent in a batch, plugins/spec-routes.ts), and its answer must
   * still wait for them. Undefined once everything has landed.
   */
  commit(): Promise<void> | undefined {
    const progress = this.#progress();
    const serialised = JSON.stringify(progress);
    if (this.#put.size === 0 && this.#remove.size === 0 && this.#rateAdd.size === 0 && this.#rateRemove.size === 0 && serialised === this.#lastProgress) return this.#landed;
    // Taken now, as they are: a record that changes again before the commit lands is written again.
    const put = new Map(this.#put);
    const remove = new Map(this.#remove);
    const rateAdd = new Set(this.#rateAdd);
    const rateRemove = new Set(this.#rateRemove);
    this.#put.clear();
    this.#remove.clear();
    this.#rateAdd.clear();
    this.#rateRemove.clear();
    const previous = this.#lastProgress;
    this.#lastProgress = serialised;
    let written: Promise<void>;
    try {
      written = this.#file.commit({
        put: [...put.values()].map(({ kind, record }) => toStored(kind, record, this.#seq.get(record)!)),
        remove: [...remove.values()],
        rateLimitedAdd: [...rateAdd],
        rateLimitedRemove: [...rateRemove],
        progress,
      });
    } catch (error) {
      written = Promise.reject(error);
    }
    const own = written.catch((error: unknown) => {
      // Not written: owed again by the next commit, unless something newer replaced it meanwhile.
      for (const [key, value] of put) if (!this.#put.has(key) && !this.#remove.has(key)) this.#put.set(key, value);
      for (const [key, value] of remove) if (!this.#put.has(key) && !this.#remove.has(key)) this.#remove.set(key, value);
      for (const key of rateAdd) if (!this.#rateRemove.has(key)) this.#rateAdd.add(key);
      for (const key of rateRemove) if (!this.#rateAdd.has(key)) this.#rateRemove.add(key);
      if (this.#lastProgress === serialised) this.#lastProgress = previous;
      throw error;
    });
    const landed: Promise<void> = this.#landed ? Promise.all([this.#landed, own]).then(() => undefined) : own;
    this.#landed = landed;
    const settle = () => {
      if (this.#landed === landed) this.#landed = undefined;
    };
    landed.then(settle, settle);
    return landed;
  }
}
