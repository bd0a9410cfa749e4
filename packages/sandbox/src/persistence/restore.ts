// Starting a sandbox on a data file: a new file records what it was made with (seed, clock, the
// signing key); an existing one gives them back, with every record, so ids, tokens, bank links and
// the clock go on where the last run stopped.
import { clockFromData, createClock, type ClockOption, type SandboxClock } from '../clock.js';
import { createIds, type IdSource } from '../ids.js';
import type { TokenService } from '../auth.js';
import type { SandboxState } from '../domain/state.js';
import type { SandboxStateView } from '../domain/view.js';
import { DATA_FORMAT, DataFile, DataFileError, type DataOrigin } from './data-file.js';
import { Journal } from './journal.js';
import { fromStored, StoredRecordError } from './records.js';

/** A data file opened for a sandbox about to start, with the clock and ids it settled on. */
export interface OpenedDataFile {
  file: DataFile;
  origin: DataOrigin | undefined;
  clock: SandboxClock;
  ids: IdSource;
}

const clockOrigin = (option: ClockOption | undefined): DataOrigin['clock'] =>
  option === undefined || option === 'system'
    ? 'system'
    : option instanceof Date
      ? option.getTime()
      : typeof option === 'number'
        ? option
        : 'custom';

const describeClock = (clock: DataOrigin['clock']) =>
  typeof clock === 'number' ? `clock ${new Date(clock).toISOString()}` : `the ${clock} clock`;

/**
 * Opens `path` and settles the clock and ids: the file's when it has them. A seed or start time
 * given now that differs from the file's is refused, since the run would not be the one asked for.
 */
export function openData(path: string, options: { seed?: number; clock?: ClockOption }): OpenedDataFile {
  const file = DataFile.open(path);
  try {
    const origin = file.origin();
    if (!origin) return { file, origin, clock: createClock(options.clock), ids: createIds(options.seed) };
    if (options.seed !== undefined && options.seed !== origin.seed) {
      throw new DataFileError(
        `data file ${file.path} was made with ${origin.seed === null ? 'random ids' : `seed ${origin.seed}`}; start it without a seed, or use another file for seed ${options.seed}`,
      );
    }
    const asked = clockOrigin(options.clock);
    if (options.clock !== undefined && asked !== 'custom' && asked !== origin.clock) {
      throw new DataFileError(
        `data file ${file.path} was made with ${describeClock(origin.clock)}; start it without a clock, or use another file for ${describeClock(asked)}`,
      );
    }
    const progress = file.progress();
    // A clock the embedding code supplies keeps its own time; the file cannot hold it.
    const clock =
      progress?.clock && (options.clock === undefined || asked !== 'custom')
        ? clockFromData(progress.clock)
        : createClock(options.clock);
    const ids = createIds(origin.seed ?? undefined, progress?.ids ?? undefined);
    return { file, origin, clock, ids };
  } catch (error) {
    void file.close();
    throw error;
  }
}

/** The journal each sandbox with a data file writes through; none without one. */
const JOURNALS = new WeakMap<SandboxStateView, Journal>();

/** The journal of a sandbox's state: undefined when it keeps nothing (no data file). */
export const journalOf = (state: SandboxStateView): Journal | undefined => JOURNALS.get(state);

/**
 * Gives the state the file's records and a journal that writes its changes back: the journal
 * listens to the state's change stream from here on.
 */
export async function attachData(
  opened: OpenedDataFile,
  state: SandboxState,
  tokens: TokenService,
  options: { seed?: number; clock?: ClockOption },
): Promise<Journal> {
  const { file } = opened;
  let nextSeq = 0;
  if (!opened.origin) {
    const privateJwk = tokens.privateJwk;
    if (!privateJwk) throw new Error('the token service was not made with a key that can be kept');
    file.writeOrigin({
      format: DATA_FORMAT,
      seed: options.seed ?? null,
      clock: clockOrigin(options.clock),
      privateJwk,
      createdAt: new Date().toISOString(),
    });
  } else {
    nextSeq = file.progress()?.nextSeq ?? 0;
  }
  const journal = new Journal(file, opened.clock, opened.ids, nextSeq);
  const records = [...file.records()].map((value) => fromStored(value)).sort((a, b) => a.seq - b.seq);
  for (const { kind, seq, record } of records) {
    if (seq >= nextSeq)
      throw new StoredRecordError(`${kind} ${record.id}: seq ${seq} is not below the file's next seq ${nextSeq}`);
    state.store.restore(record);
    journal.restored(record, seq);
  }
  for (const key of file.rateLimited()) state.store.restoreRateLimit(key);
  state.subscribe(journal.listen);
  JOURNALS.set(state, journal);
  // A bound lower than the last run's applies now, written back like any eviction.
  state.enforceRetention();
  await journal.commit();
  return journal;
}
