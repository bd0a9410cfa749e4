// What changed since the last commit, and the commit itself: the journal listens to the domain's
// change stream (`listen`, domain/changes.ts) and notes which records were made, changed or
// evicted, and the server commits once per request, before the answer goes out.
import type { SandboxClock } from '../clock.js';
import { isDataClock } from '../clock.js';
import type { SandboxChange } from '../domain/changes.js';
import type { AnyRecordState } from '../domain/records.js';
import type { IdSource } from '../ids.js';
import type { DataFile, DataProgress } from './data-file.js';
import { toStored, type RecordKind } from './records.js';

export class Journal {
  readonly #file: DataFile;
  readonly #clock: SandboxClock;
  readonly #ids: IdSource;
  /** The order each record was made in, kept across restarts so lists and eviction keep theirs. */
  readonly #seq = new WeakMap<AnyRecordState, number>();
  #nextSeq: number;
  readonly #put = new Map<string, { kind: RecordKind; record: AnyRecordState }>();
  readonly #remove = new Map<string, [RecordKind, string]>();
  readonly #rateAdd = new Set<string>();
  readonly #rateRemove = new Set<string>();
  #lastProgress: string;
  /** Settles once every commit made so far has: what an answer waits for when nothing new changed. */
  #landed: Promise<void> | undefined;

  /**
   * Writes planned moves too. Set when payment events are on: each such move was announced, and a
   * restart that replayed it from the stored plan would announce it again.
   */
  keepPlannedMoves = false;

  constructor(file: DataFile, clock: SandboxClock, ids: IdSource, nextSeq: number) {
    this.#file = file;
    this.#clock = clock;
    this.#ids = ids;
    this.#nextSeq = nextSeq;
    this.#lastProgress = JSON.stringify(this.#progress());
  }

  /** A record read back from the file, with the place in the order it had. */
  restored(record: AnyRecordState, seq: number): void {
    this.#seq.set(record, seq);
  }

  /**
   * The change stream's listener: every change to what the file holds is owed to the next commit.
   * A status move that a read applies because a planned step fell due (`cause: 'plan'`) is not:
   * the plan was written with the change that made it, and the stored plan and clock replay the
   * move exactly after a restart, so writing it would only cost a status read a commit. Its record
   * is written, caught up, with its next change of any other kind. Nor is a move of the clock: the
   * clock is written with every commit (`#progress`), compared there.
   */
  readonly listen = (change: SandboxChange): void => {
    switch (change.type) {
      case 'status-moved':
        if (change.cause === 'plan' && !this.keepPlannedMoves) return;
        this.changed(change.kind, change.record);
        return;
      case 'created':
      case 'replanned':
      case 'end-to-end-id-assigned':
      case 'cancelled':
      case 'link-opened':
      case 'link-decided':
        this.changed(change.kind, change.record);
        return;
      case 'evicted':
        this.removed(change.kind, change.id);
        return;
      case 'rate-limit-set':
      case 'rate-limit-cleared':
        this.rateLimited(`${change.appId} ${change.clientRequestId}`, change.type === 'rate-limit-set');
        return;
      case 'clock-moved':
        return;
    }
  };

  changed(kind: RecordKind, record: AnyRecordState): void {
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
    return {
      clock: isDataClock(this.#clock) ? this.#clock.toData() : null,
      ids: this.#ids.toData() ?? null,
      nextSeq: this.#nextSeq,
    };
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
    if (
      this.#put.size === 0 &&
      this.#remove.size === 0 &&
      this.#rateAdd.size === 0 &&
      this.#rateRemove.size === 0 &&
      serialised === this.#lastProgress
    )
      return this.#landed;
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
      for (const [key, value] of remove)
        if (!this.#put.has(key) && !this.#remove.has(key)) this.#remove.set(key, value);
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
