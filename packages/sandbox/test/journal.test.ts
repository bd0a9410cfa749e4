import { describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';
import { createIds } from '../src/ids.js';
import type { DataFile } from '../src/persistence/data-file.js';
import { Journal } from '../src/persistence/journal.js';
import type { AnyRecord } from '../src/persistence/records.js';
import type { SandboxChange } from '../src/domain/changes.js';

/** A data file whose commits land when the test says so. */
function slowFile() {
  const commits: Array<{ ids: string[]; land: () => void; fail: (error: Error) => void }> = [];
  const file = {
    commit(changes: { put: Array<{ id: string }> }) {
      return new Promise<void>((land, fail) => commits.push({ ids: changes.put.map((p) => p.id), land, fail }));
    },
  } as unknown as DataFile;
  return { file, commits };
}

const record = (id: string) =>
  ({
    id,
    appId: 'app',
    createdAt: 0,
    request: { clientRequestId: id },
    life: { toData: () => ({ status: 'STARTED' }) },
  }) as unknown as AnyRecord;

const state = (promise: Promise<void> | undefined) => {
  let settled: 'pending' | 'landed' | 'failed' = 'pending';
  promise?.then(
    () => (settled = 'landed'),
    () => (settled = 'failed'),
  );
  return () => settled;
};
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the journal of a data file', () => {
  it('makes an answer whose change went out with an earlier commit wait for that commit', async () => {
    const { file, commits } = slowFile();
    const journal = new Journal(file, createClock(0), createIds(), 0);
    // Two requests served in one turn; the first answer's commit takes both changes.
    journal.changed('instant', record('a'));
    journal.changed('instant', record('b'));
    const first = state(journal.commit());
    const second = journal.commit();
    expect(commits.map((c) => c.ids)).toEqual([['a', 'b']]);
    expect(second).toBeInstanceOf(Promise);
    const secondState = state(second);
    await turn();
    expect([first(), secondState()]).toEqual(['pending', 'pending']);
    commits[0]!.land();
    await turn();
    expect([first(), secondState()]).toEqual(['landed', 'landed']);
    // Once everything has landed, a request that changed nothing waits for nothing.
    expect(journal.commit()).toBeUndefined();
  });

  it('resolves a commit only once every earlier one has landed', async () => {
    const { file, commits } = slowFile();
    const journal = new Journal(file, createClock(0), createIds(), 0);
    journal.changed('instant', record('a'));
    const first = state(journal.commit());
    journal.changed('instant', record('b'));
    const second = state(journal.commit());
    commits[1]!.land();
    await turn();
    expect([first(), second()]).toEqual(['pending', 'pending']);
    commits[0]!.land();
    await turn();
    expect([first(), second()]).toEqual(['landed', 'landed']);
  });

  it('fails the answers that waited on a commit that failed, and owes its changes to the next', async () => {
    const { file, commits } = slowFile();
    const journal = new Journal(file, createClock(0), createIds(), 0);
    journal.changed('instant', record('a'));
    const first = state(journal.commit());
    const waiting = state(journal.commit());
    commits[0]!.fail(new Error('disk full'));
    await turn();
    expect([first(), waiting()]).toEqual(['failed', 'failed']);
    void journal.commit()?.catch(() => {});
    expect(commits[1]!.ids).toEqual(['a']);
  });

  it('owes the next commit what the change stream says changed, but not a move a read applied from the plan', async () => {
    const { file, commits } = slowFile();
    const journal = new Journal(file, createClock(0), createIds(), 0);
    const a = record('a');
    const tell = (change: Record<string, unknown>) =>
      journal.listen({
        kind: 'instant',
        id: a.id,
        appId: 'app',
        at: 0,
        record: a,
        ...change,
      } as unknown as SandboxChange);
    tell({ type: 'status-moved', from: 'CONSENT_AUTHORIZED', to: 'PAYMENT_PENDING', reason: undefined, cause: 'plan' });
    journal.listen({ type: 'clock-moved', from: 0, to: 1000 });
    expect(journal.commit()).toBeUndefined();
    for (const type of ['created', 'replanned', 'end-to-end-id-assigned', 'cancelled', 'link-opened', 'link-decided']) {
      tell({ type });
      void journal.commit();
    }
    tell({ type: 'status-moved', from: 'CONSENT_AUTHORIZED', to: 'CANCELED', reason: undefined, cause: 'operation' });
    void journal.commit();
    expect(commits.map((c) => c.ids)).toEqual([['a'], ['a'], ['a'], ['a'], ['a'], ['a'], ['a']]);
  });
});
