// The watches' source watcher reports every save, however it is made, and only the spec's sources.
// chokidar on its own drops a save that follows the one before within 50 ms (the second test).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSpecSource, type SourceWatcher, watchSpecSources } from '../scripts/source-watcher.mjs';
import { SPEC_SOURCES } from '../scripts/tool.mjs';
import { specDir } from './support/spec.js';

const FILE = 'paths/customer_instant_payments_{id}_status.yaml';

let copy: string;
let watcher: SourceWatcher;
const calls: string[][] = [];
const errors: Error[] = [];
/** Called once with the next call's files. */
let onNext: ((files: string[]) => void) | undefined;

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'klavi-spec-watch-'));
  for (const entry of SPEC_SOURCES) cpSync(join(specDir, entry), join(copy, entry), { recursive: true });
  watcher = watchSpecSources(copy, {
    debounceMs: 0,
    onChange: (files) => {
      calls.push(files);
      const next = onNext;
      onNext = undefined;
      next?.(files);
    },
    onError: (error) => errors.push(error),
  });
  await watcher.ready;
});
afterAll(async () => {
  await watcher.close();
  rmSync(copy, { recursive: true, force: true });
});

/**
 * The files of the next call, made after `act`; fails if none comes in 15 s (a hang, not a speed).
 * `then` runs inside that call, before the watcher goes on.
 */
function nextCall(act: () => void, then?: () => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(
      () => reject(new Error(`no call in 15 s; calls so far: ${JSON.stringify(calls)}`)),
      15_000,
    );
    onNext = (files) => {
      clearTimeout(timeout);
      then?.();
      resolve(files);
    };
    act();
  });
}

const edit = (file: string, text: string) =>
  writeFileSync(join(copy, file), `${readFileSync(join(copy, file), 'utf8')}${text}`);

describe('the spec source watcher', () => {
  it('reports a save by its file', async () => {
    expect(await nextCall(() => edit(FILE, '# one\n'))).toEqual([FILE]);
  });

  it('reports a save made right after the one it is reporting (chokidar alone drops it)', async () => {
    // The second write happens within a few milliseconds of chokidar's event for the first.
    let second: Promise<string[]> | undefined;
    await nextCall(
      () => edit(FILE, '# two\n'),
      () => {
        second = nextCall(() => edit(FILE, '# three\n'));
      },
    );
    expect(await second).toEqual([FILE]);
  });

  it('reports a save that replaces the file (temp file and rename), under the file’s own name', async () => {
    const target = join(copy, FILE);
    const files = await nextCall(() => {
      writeFileSync(`${target}.tmp`, `${readFileSync(target, 'utf8')}# four\n`);
      renameSync(`${target}.tmp`, target);
    });
    expect(files).toEqual([FILE]);
    // The file is followed after it was replaced.
    expect(await nextCall(() => edit(FILE, '# five\n'))).toEqual([FILE]);
  });

  it('reports a deleted file, and a file in a folder made after the watch started', async () => {
    const extra = 'components/schemas/Extra.yaml';
    expect(await nextCall(() => writeFileSync(join(copy, extra), 'type: string\n'))).toEqual([extra]);
    expect(await nextCall(() => unlinkSync(join(copy, extra)))).toEqual([extra]);
    const nested = 'components/schemas/added/Nested.yaml';
    const files = await nextCall(() => {
      mkdirSync(join(copy, 'components/schemas/added'));
      writeFileSync(join(copy, nested), 'type: string\n');
    });
    expect(files).toEqual([nested]);
  });

  it('never reports an editor’s scratch files, nor anything outside the sources', async () => {
    const scratch = [
      `${FILE}.tmp`,
      `paths/.customer_instant_payments_{id}_status.yaml.swp`,
      `${FILE}~`,
      'paths/4913',
      'notes.yaml',
    ];
    const before = calls.length;
    const files = await nextCall(() => {
      for (const file of scratch) writeFileSync(join(copy, file), 'x');
      edit(FILE, '# six\n');
    });
    expect(files).toEqual([FILE]);
    expect(calls.slice(before).flat()).toEqual([FILE]);
    expect(errors).toEqual([]);
  });
});

describe('isSpecSource', () => {
  it('takes the root documents, the lint configuration and the files under the source folders', () => {
    for (const file of ['openapi.yaml', 'redocly.yaml', '.spectral.yaml', FILE, 'rules/camelCaseKeys.js'])
      expect(isSpecSource(file), file).toBe(true);
    for (const file of ['dist/openapi.yaml', 'package.json', `${FILE}.tmp`, 'paths/.x.yaml.swp', 'README.md'])
      expect(isSpecSource(file), file).toBe(false);
  });
});
