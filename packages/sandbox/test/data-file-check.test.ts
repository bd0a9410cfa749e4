// A data file LMDB cannot safely map is refused before lmdb-js opens it: random bytes used to
// crash the process with SIGSEGV, a truncated file with SIGBUS, and an empty file was taken as a
// new store. Each is now refused with exit code 2 and one line naming the file and the problem,
// the file is left as it was, and no lock file is made beside it.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError, startSandbox } from '../src/index.js';
import { checkDataFile, dataFileLayout, LMDB } from '../src/persistence/data-file-check.js';
import { boot, instantBody } from './support/harness.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(PACKAGE, 'bin', 'klavi-sandbox.js');
const CREATE = '/payment/customer/v1/instant/payments';

let root: string;
/** A data file a sandbox made, holding one payment, and that payment's id. */
let real: Buffer;
let paymentId: string;
let n = 0;

/** A new directory for one test. */
const fresh = () => {
  const dir = join(root, String(++n));
  mkdirSync(dir);
  return dir;
};
/** A path for one test's file, in a directory of its own. */
const place = (name = 'sandbox.mdb') => join(fresh(), name);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'klavi-check-'));
  const file = place();
  const t = await boot({ data: file });
  const token = await t.token();
  const response = await t.raw(CREATE, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(instantBody()),
  });
  expect(response.status).toBe(200);
  paymentId = ((await response.json()) as { id: string }).id;
  await t.stop();
  real = readFileSync(file);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The fields of the meta page at `offset`, read independently of the module under test. */
function meta(bytes: Buffer, offset: number) {
  return {
    flags: bytes.readUInt16LE(offset + 18),
    magic: bytes.readUInt32LE(offset + 24),
    version: bytes.readUInt32LE(offset + 28),
    pageSize: bytes.readUInt32LE(offset + 48),
    lastPage: Number(bytes.readBigUInt64LE(offset + 144)),
    txnid: Number(bytes.readBigUInt64LE(offset + 152)),
  };
}

/** The size the newer meta page says the file has: (mm_last_pg + 1) pages. */
function claimed(bytes: Buffer): number {
  const first = meta(bytes, 0);
  const second = meta(bytes, first.pageSize);
  const newer = first.txnid >= second.txnid ? first : second;
  return (newer.lastPage + 1) * newer.pageSize;
}

/** Bytes that are the same every run. */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `klavi-sandbox --data FILE`, expected to exit by itself; one that starts listening is stopped and reported. */
async function refuse(file: string): Promise<Run> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--data', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setInterval(() => {
    if (stdout.includes('listening on')) child.kill('SIGTERM');
  }, 50);
  try {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stdout, stderr };
  } finally {
    clearInterval(timer);
  }
}

/** `klavi-sandbox --data FILE` until it listens; the caller stops it. */
async function serve(file: string) {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--quiet', '--data', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');
  while (!/listening on (http:\S+)/.test(output)) {
    const ended = await Promise.race([once(child.stdout, 'data').then(() => false), exited.then(() => true)]);
    if (ended) throw new Error(`klavi-sandbox exited (code ${child.exitCode}, signal ${child.signalCode}): ${output}`);
  }
  const url = /listening on (http:\S+)/.exec(output)![1]!;
  const auth = await fetch(`${url}/payment/customer/v1/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKey: 'sandbox-customer-key', secretKey: 'sandbox-customer-secret' }),
  });
  const { accessToken } = (await auth.json()) as { accessToken: string };
  const get = (path: string) => fetch(url + path, { headers: { authorization: `Bearer ${accessToken}` } });
  const post = (path: string, body: unknown) =>
    fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
  const stop = async () => {
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code, output).toBe(0);
  };
  return { get, post, stop };
}

describe('the LMDB header lmdb-js writes', () => {
  it('has the layout the check reads: P_META pages 0 and 1, magic 0xBEEFC0DE, data version 2, the page size in the free tree’s md_pad', () => {
    const first = meta(real, 0);
    expect(first.flags & LMDB.P_META).toBe(LMDB.P_META);
    expect(first.magic).toBe(LMDB.MAGIC);
    expect(first.version & 0xffff).toBe(LMDB.DATA_VERSION);
    expect([4096, 16384, 65536]).toContain(first.pageSize);
    const second = meta(real, first.pageSize);
    expect(second).toMatchObject({ magic: LMDB.MAGIC, version: first.version, pageSize: first.pageSize });
    expect(real.readBigUInt64LE(first.pageSize)).toBe(1n); // page 1's mp_pgno
    expect(Math.abs(first.txnid - second.txnid)).toBe(1); // LMDB writes them in turn
    expect(real.length).toBeGreaterThanOrEqual(claimed(real));
  });
});

/** Each damaged file: what it is made of, and what the refusal says about it. */
const damaged: Array<{ name: string; make: (file: string) => void; says: RegExp }> = [
  {
    name: 'random bytes',
    make: (file) => writeFileSync(file, noise(32 * 1024)),
    says: /^is not a sandbox data file: it has no LMDB header; /,
  },
  {
    name: 'a real data file truncated to half',
    make: (file) => writeFileSync(file, real.subarray(0, real.length / 2)),
    says: /^is truncated: \d+ bytes, but its header says it holds \d+; restore it from a copy or delete it to start afresh$/,
  },
  {
    name: 'a real data file truncated to 12 KiB',
    make: (file) => writeFileSync(file, real.subarray(0, 12 * 1024)),
    says: /^is truncated: 12288 bytes, but its header says it holds \d+; /,
  },
  {
    name: 'a real data file cut inside its first meta page',
    make: (file) => writeFileSync(file, real.subarray(0, 100)),
    says: /^is truncated: 100 bytes, but its header says it holds at least 168; /,
  },
  {
    name: 'a real data file cut inside its second meta page',
    make: (file) => writeFileSync(file, real.subarray(0, meta(real, 0).pageSize + 100)),
    says: /^is truncated: \d+ bytes, but its header says it holds at least \d+; /,
  },
  {
    name: 'an empty file',
    make: (file) => writeFileSync(file, ''),
    says: /^is empty: not a sandbox data file \(a copy that failed\?\); delete it to start a new store, or restore the copy$/,
  },
  {
    name: 'a SQLite database',
    make: (file) =>
      writeFileSync(
        file,
        Buffer.concat([
          Buffer.from('SQLite format 3\0'),
          Buffer.from([0x10, 0x00, 0x01, 0x01]),
          Buffer.alloc(8192 - 20),
        ]),
      ),
    says: /^is not a sandbox data file: it has no LMDB header; /,
  },
  {
    name: 'a file whose first page is not a meta page, though the magic number is there',
    make: (file) => {
      const bytes = Buffer.from(real);
      bytes.writeUInt16LE(LMDB.P_LEAF, 18);
      writeFileSync(file, bytes);
    },
    says: /^is not a sandbox data file: it has no LMDB header; /,
  },
  {
    name: 'a PNG image',
    make: (file) =>
      writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(4000)])),
    says: /^is not a sandbox data file: it has no LMDB header; /,
  },
  {
    name: 'an LMDB file of another data version',
    make: (file) => {
      const bytes = Buffer.from(real);
      bytes.writeUInt32LE(1, 28);
      bytes.writeUInt32LE(1, meta(real, 0).pageSize + 28);
      writeFileSync(file, bytes);
    },
    says: /^is an LMDB file of data version 1, and this sandbox's LMDB reads version 2; /,
  },
  {
    name: 'a header with an impossible page size',
    make: (file) => {
      const bytes = Buffer.from(real);
      bytes.writeUInt32LE(3000, 48);
      writeFileSync(file, bytes);
    },
    says: /^is damaged: its header gives a page size of 3000; /,
  },
  {
    name: 'a damaged second meta page',
    make: (file) => {
      const bytes = Buffer.from(real);
      bytes.fill(0, meta(real, 0).pageSize, meta(real, 0).pageSize + 64);
      writeFileSync(file, bytes);
    },
    says: /^is damaged: its second meta page \(at byte \d+\) is not one; /,
  },
  {
    name: 'a read-only file',
    make: (file) => {
      writeFileSync(file, real);
      chmodSync(file, 0o444);
    },
    says: /^is read-only, and the sandbox writes to its data file; make it writable \(chmod u\+w\), or start from a writable copy$/,
  },
];

describe('a damaged data file', () => {
  for (const { name, make, says } of damaged) {
    it(`is refused: ${name}`, async () => {
      const file = place();
      make(file);
      const before = sha256(file);
      const listing = readdirSync(dirname(file));

      // The command line (first, in a process of its own, since unchecked the file crashes it):
      // exit code 2 and one line naming the file and the problem.
      const run = await refuse(file);
      expect({ code: run.code, signal: run.signal }, run.stdout + run.stderr).toEqual({ code: 2, signal: null });
      expect(run.stdout).toBe('');
      const prefix = `klavi-sandbox: data file ${file} `;
      expect(run.stderr.startsWith(prefix), run.stderr).toBe(true);
      expect(run.stderr.endsWith('\n') && run.stderr.indexOf('\n') === run.stderr.length - 1, run.stderr).toBe(true);
      expect(run.stderr.slice(prefix.length, -1)).toMatch(says);

      // The embedding API: a DataFileError with the same message.
      const error = await startSandbox({ port: 0, quiet: true, data: file }).then(
        (sandbox) => sandbox.close().then(() => expect.unreachable('the sandbox started')),
        (error: unknown) => error,
      );
      expect(error).toBeInstanceOf(DataFileError);
      expect(`klavi-sandbox: ${(error as Error).message}\n`).toBe(run.stderr);

      // The file as it was, and nothing beside it.
      expect(sha256(file)).toBe(before);
      expect(readdirSync(dirname(file))).toEqual(listing);
      expect(existsSync(`${file}-lock`)).toBe(false);
    });
  }

  it('is refused: a directory where the file should be', async () => {
    const file = place();
    mkdirSync(file);
    const error = await startSandbox({ port: 0, quiet: true, data: file }).catch((error: unknown) => error);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toBe(
      `data file ${file} is a directory, not a data file; give a file name, such as sandbox.mdb`,
    );
    const run = await refuse(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`klavi-sandbox: ${(error as Error).message}\n`);
    expect(readdirSync(file)).toEqual([]);
    expect(readdirSync(dirname(file))).toEqual(['sandbox.mdb']);
  });

  it('is refused: a FIFO where the file should be', async () => {
    const file = place();
    const made = spawn('mkfifo', [file]);
    const [code] = await once(made, 'exit');
    expect(code).toBe(0);
    const verdict = checkDataFile(file);
    expect(verdict).toEqual({
      ok: false,
      file,
      problem: 'is not a regular file; give a file name, such as sandbox.mdb',
    });
    expect(existsSync(`${file}-lock`)).toBe(false);
  });
});

/**
 * A store lmdb-js leaves shorter than its header says, which LMDB opens without a fault: pages a
 * transaction takes and frees again are never written, and here they are the last ones. It holds
 * big values (overflow pages), a named tree and a tree of duplicates, so that the check follows
 * every kind of page reference.
 */
let short: Buffer | undefined;
function shortStore(file: string): string {
  if (!short) {
    const made = place();
    runNode(`
      ${openAsSandbox(made)}
      const named = db.openDB('named', { encoding: 'json' });
      const dups = db.openDB('dups', { dupSort: true, encoding: 'ordered-binary' });
      for (let i = 0; i < 60; i++) await named.put('n' + i, { pad: 'n'.repeat(i % 6 === 0 ? 9000 : 300) });
      for (let i = 0; i < 900; i++) await dups.put('d' + (i % 3), 'value-' + i);
      await db.transaction(() => { for (let i = 0; i < 300; i++) db.put('m' + String(i).padStart(5, '0'), { pad: 'm'.repeat(200) }); });
      await db.put('big', { pad: 'b'.repeat(20000) });
      ${CHURN}
      await db.close();
    `);
    short = readFileSync(made);
    // The premise of every test that uses it: lmdb-js really left the file short.
    expect(short.length, 'lmdb-js no longer leaves this store shorter than its header says').toBeLessThan(
      claimed(short),
    );
  }
  writeFileSync(file, short);
  return file;
}

/** Script lines that open `path` with lmdb-js as the sandbox does, as `db`. */
const openAsSandbox = (path: string) => `import { open } from 'lmdb';
      const db = open({ path: ${JSON.stringify(path)}, encoding: 'json', noSync: true, compression: false });`;

/**
 * Script lines that put 200 values of 1,500 bytes under the sandbox's key form and remove them, in
 * one transaction: LMDB never writes the pages it took and freed, so the file ends short of its header.
 */
const CHURN = `const key = (i) => 'scratch\\u001f' + String(i).padStart(5, '0');
      db.transactionSync(() => {
        for (let i = 0; i < 200; i++) db.putSync(key(i), { pad: 'y'.repeat(1500) });
        for (let i = 0; i < 200; i++) db.removeSync(key(i));
      });`;

/** Runs an ES module in a child process of this package (so that it finds lmdb): a crash fails the test, not the worker. */
function runNode(script: string): string {
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: PACKAGE,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`node exited ${child.status} (signal ${child.signal}): ${child.stderr}`);
  return child.stdout;
}

describe('a data file LMDB left shorter than its header says', () => {
  it('is not truncated when every page its trees need is there: it opens and keeps its data', () => {
    const file = shortStore(place());
    expect(checkDataFile(file)).toEqual({ ok: true, exists: true });
    // LMDB agrees: it reads every value and writes more, in a process of its own.
    const read = runNode(`
      ${openAsSandbox(file)}
      const named = db.openDB('named', { encoding: 'json' });
      const dups = db.openDB('dups', { dupSort: true, encoding: 'ordered-binary' });
      let size = 0;
      for (const { value } of named.getRange()) size += value.pad.length;
      const values = [...dups.getValues('d1')].length;
      await db.put('after', 1);
      const main = [...db.getKeys({ start: 'm', end: 'n' })].length;
      console.log(JSON.stringify({ size, values, big: db.get('big').pad.length, main }));
      await db.close();
    `);
    expect(JSON.parse(read)).toEqual({ size: 10 * 9000 + 50 * 300, values: 300, big: 20000, main: 300 });
  });

  it('is truncated when a page its trees need is past the end', () => {
    const file = shortStore(place());
    const bytes = readFileSync(file);
    truncateSync(file, Math.floor(bytes.length / meta(bytes, 0).pageSize / 2) * meta(bytes, 0).pageSize);
    expect(checkDataFile(file)).toMatchObject({
      ok: false,
      file,
      problem: expect.stringMatching(/^is truncated: \d+ bytes, but its header says it holds \d+; /),
    });
  });

  it('made by the sandbox’s own store opens in klavi-sandbox with its payment', async () => {
    const file = place();
    writeFileSync(file, real);
    runNode(`
      ${openAsSandbox(file)}
      ${CHURN}
      await db.close();
    `);
    rmSync(`${file}-lock`);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeLessThan(claimed(bytes));
    const sandbox = await serve(file);
    try {
      expect((await sandbox.get(`${CREATE}/${paymentId}/status`)).status).toBe(200);
      expect((await sandbox.post(CREATE, instantBody())).status).toBe(200);
    } finally {
      await sandbox.stop();
    }
  });
});

/** Where things are in a file, found without the module under test: the newer meta's roots, a branch's first child, a leaf node's value. */
const pages = {
  size: (bytes: Buffer) => meta(bytes, 0).pageSize,
  newer: (bytes: Buffer) => (meta(bytes, 0).txnid >= meta(bytes, pages.size(bytes)).txnid ? 0 : pages.size(bytes)),
  mainRoot: (bytes: Buffer) => Number(bytes.readBigUInt64LE(pages.newer(bytes) + 96 + 40)),
  flags: (bytes: Buffer, pgno: number) => bytes.readUInt16LE(pgno * pages.size(bytes) + 18),
  /** The child of a branch page's first node (mp_ptrs[0] + 24: mn_lo, mn_hi, mn_flags as the top word). */
  firstChild(bytes: Buffer, pgno: number) {
    const page = pgno * pages.size(bytes);
    const node = page + 24 + bytes.readUInt16LE(page + 24);
    return (
      bytes.readUInt16LE(node) + bytes.readUInt16LE(node + 2) * 0x10000 + bytes.readUInt16LE(node + 4) * 0x100000000
    );
  },
  /** The 8 bytes after the leaf node whose key is `key` and whose flags have `flag`: an overflow page or, at +40, a tree's root. */
  valueOf(bytes: Buffer, key: string, flag: number, at = 0) {
    const pattern = Buffer.concat([Buffer.from([key.length, 0]), Buffer.from(key, 'latin1')]);
    for (let i = bytes.indexOf(pattern); i >= 0; i = bytes.indexOf(pattern, i + 1)) {
      if (bytes.readUInt16LE(i - 2) & flag) return Number(bytes.readBigUInt64LE(i + 2 + key.length + at));
    }
    throw new Error(`no node ${key}`);
  },
};

/** Overwrites page `pgno` with zeros. */
function zero(file: string, pgno: number) {
  const bytes = readFileSync(file);
  bytes.fill(0, pgno * pages.size(bytes), (pgno + 1) * pages.size(bytes));
  writeFileSync(file, bytes);
}

describe('the trees of a file shorter than its header says', () => {
  // Only such a file has its trees followed. Each test damages one kind of reference.
  const damagedPage = (pgno: number) =>
    `is damaged: page ${pgno} should hold part of a tree and does not; restore it from a copy or delete it to start afresh`;

  it('are refused when the main tree’s root is not a tree page', () => {
    const file = shortStore(place());
    const root = pages.mainRoot(readFileSync(file));
    zero(file, root);
    expect(checkDataFile(file)).toEqual({ ok: false, file, problem: damagedPage(root) });
  });

  it('are followed from a branch page to its children', () => {
    const file = shortStore(place());
    const bytes = readFileSync(file);
    const root = pages.mainRoot(bytes);
    expect(pages.flags(bytes, root) & LMDB.P_BRANCH).toBe(LMDB.P_BRANCH);
    const child = pages.firstChild(bytes, root);
    zero(file, child);
    expect(checkDataFile(file)).toEqual({ ok: false, file, problem: damagedPage(child) });
  });

  it('are followed into a named tree', () => {
    const file = shortStore(place());
    // lmdb-js keeps a tree's name with its C string's NUL.
    const root = pages.valueOf(readFileSync(file), 'named\0', LMDB.F_SUBDATA, 40);
    zero(file, root);
    expect(checkDataFile(file)).toEqual({ ok: false, file, problem: damagedPage(root) });
  });

  it('are followed to a big value’s overflow pages', () => {
    const file = shortStore(place());
    const first = pages.valueOf(readFileSync(file), 'big', LMDB.F_BIGDATA);
    zero(file, first);
    expect(checkDataFile(file)).toEqual({
      ok: false,
      file,
      problem: expect.stringMatching(
        new RegExp(
          `^is damaged: page ${first} should start the 5 overflow pages of a value on page \\d+ and does not; `,
        ),
      ),
    });
  });

  it('are refused when only the end of a big value is cut off, which LMDB would crash on (SIGBUS)', () => {
    // A sandbox's file and then one big value: LMDB reuses free pages for the tree and puts the
    // value's overflow pages at the end of the file. The last one is cut off.
    const file = place();
    writeFileSync(file, real);
    runNode(`
      ${openAsSandbox(file)}
      await db.put('big', { pad: 'b'.repeat(20000) });
      await db.close();
    `);
    rmSync(`${file}-lock`);
    const bytes = readFileSync(file);
    const first = pages.valueOf(bytes, 'big', LMDB.F_BIGDATA);
    const count = bytes.readUInt32LE(first * pages.size(bytes) + 20);
    // The premise: the value's pages are the last ones of the file.
    expect((first + count) * pages.size(bytes)).toBe(bytes.length);
    truncateSync(file, bytes.length - pages.size(bytes));
    expect(checkDataFile(file)).toEqual({
      ok: false,
      file,
      problem: `is truncated: ${bytes.length - pages.size(bytes)} bytes, but its header says it holds ${bytes.length}; restore it from a copy or delete it to start afresh`,
    });
    // What LMDB does with it unchecked.
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        `
      ${openAsSandbox(file)}
      console.log(db.get('big').pad.length);
    `,
      ],
      { cwd: PACKAGE, encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGBUS');
  });
});

describe('a data file that is fine', () => {
  it('opens, and keeps its payment', async () => {
    const file = place();
    writeFileSync(file, real);
    expect(checkDataFile(file)).toEqual({ ok: true, exists: true });
    const sandbox = await serve(file);
    try {
      const status = await sandbox.get(`${CREATE}/${paymentId}/status`);
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ id: paymentId, status: 'CONSENT_AWAITING_AUTHORIZATION' });
    } finally {
      await sandbox.stop();
    }
  });

  it('that does not exist yet is a new store, made as before', async () => {
    const file = join(place(), 'deeper', 'new.mdb');
    expect(checkDataFile(file)).toEqual({ ok: true, exists: false });
    const sandbox = await serve(file);
    await sandbox.stop();
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(checkDataFile(file)).toEqual({ ok: true, exists: true });
  });

  it('without an extension is a directory holding data.mdb, as lmdb-js keeps it, and is checked there', async () => {
    const dir = join(fresh(), 'state');
    expect(dataFileLayout(dir)).toEqual({ file: join(dir, 'data.mdb'), lock: join(dir, 'lock.mdb'), directory: true });
    const sandbox = await serve(dir);
    await sandbox.stop();
    expect(readdirSync(dir).sort()).toEqual(['data.mdb', 'lock.mdb']);
    // The same checks apply to the data.mdb in it.
    rmSync(join(dir, 'lock.mdb'));
    truncateSync(join(dir, 'data.mdb'), 12 * 1024);
    const run = await refuse(dir);
    expect(run.code).toBe(2);
    expect(
      run.stderr.startsWith(
        `klavi-sandbox: data file ${join(dir, 'data.mdb')} is truncated: 12288 bytes, but its header says it holds `,
      ),
    ).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(readdirSync(dir)).toEqual(['data.mdb']);
    // A file where that directory should be.
    const file = join(fresh(), 'plain');
    writeFileSync(file, real);
    expect(checkDataFile(file)).toMatchObject({
      ok: false,
      file,
      problem: expect.stringMatching(/^is a file, but a data path without an extension is a directory/),
    });
  });
});

describe('the lock file', () => {
  it('that lmdb-js makes for a file it then cannot open is removed; one that was there before stays', async () => {
    // Passes the check (nothing there: a new store), but LMDB cannot create the data file
    // through a link into a directory that does not exist, after it made the lock file.
    const file = place('dangling.mdb');
    symlinkSync(join(root, 'nowhere', 'x.mdb'), file);
    const error = await startSandbox({ port: 0, quiet: true, data: file }).catch((error: unknown) => error);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message.startsWith(`data file ${file} cannot be opened: `)).toBe(true);
    expect(existsSync(`${file}-lock`)).toBe(false);

    writeFileSync(`${file}-lock`, '');
    await startSandbox({ port: 0, quiet: true, data: file }).catch((error: unknown) => error);
    expect(existsSync(`${file}-lock`)).toBe(true);
  });
});
