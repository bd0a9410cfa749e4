// The check a data file passes before lmdb-js opens it. LMDB maps the file into memory and trusts
// its header: a file of random bytes crashed the process with SIGSEGV, a truncated one with SIGBUS
// (the first read of a page past the end of the file), both without a word. So the header is read
// here with plain, bounded reads, and a file LMDB cannot safely map is refused with the reason;
// it is left exactly as it was, and no lock file is made beside it.
//
// The layout below is that of the LMDB lmdb-js 3.x builds in (its "0.9.90", the mdb.master3 line:
// dependencies/lmdb/libraries/liblmdb/mdb.c), on a 64-bit machine, checked against the files it
// writes. Every page starts with a 24-byte header:
//   0 mp_pgno u64 · 8 mp_txnid u64 · 16 mp_pad u16 · 18 mp_flags u16 · 20 mp_lower u16 · 22 mp_upper u16
// (the first of a run of overflow pages, flag P_OVERFLOW, has instead a u32 page count at 20). Pages 0 and 1 are the meta pages (flag P_META),
// whose MDB_meta follows the header:
//   24 mm_magic u32 = 0xBEEFC0DE · 28 mm_version u32 (low 16 bits: MDB_DATA_VERSION = 2)
//   32 mm_address · 40 mm_mapsize · 48 mm_dbs[0], the free-page tree · 96 mm_dbs[1], the main tree
//   144 mm_last_pg u64 · 152 mm_txnid u64 · 160 boot_id
// Each MDB_db is md_pad u32 (in the free tree's: the page size), md_flags u16, md_depth u16,
// branch, leaf and overflow page counts, md_entries, md_root (u64 each; root ~0 when empty).
// LMDB reads the first meta at offset 0 and the second one page size further on, and uses the one
// with the higher txnid.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, accessSync, type Stats } from 'node:fs';
import { arch, endianness } from 'node:os';
import { extname, join } from 'node:path';

/** Where lmdb-js keeps a store named `path` (absolute). */
export interface DataFileLayout {
  /** The LMDB data file. */
  file: string;
  /** The lock file lmdb-js makes beside it on open. */
  lock: string;
  /**
   * lmdb-js's own rule: a name with an extension (`sandbox.mdb`) is the data file itself, with
   * `sandbox.mdb-lock` beside it; a name without one (`state`, `.klavi-sandbox`) is a directory
   * holding `data.mdb` and `lock.mdb`.
   */
  directory: boolean;
}

export function dataFileLayout(path: string): DataFileLayout {
  if (extname(path)) return { file: path, lock: `${path}-lock`, directory: false };
  return { file: join(path, 'data.mdb'), lock: join(path, 'lock.mdb'), directory: true };
}

/** What the check found: a store to make, one to open, or a file to refuse and why. */
export type DataFileVerdict =
  | { ok: true; exists: boolean }
  | {
      ok: false;
      /** The file the problem is in (the data file, or the directory that should hold it). */
      file: string;
      /** Reads after the file's path: `is truncated: …`. One line. */
      problem: string;
    };

export const LMDB = {
  MAGIC: 0xbeefc0de,
  /** MDB_DATA_VERSION of the LMDB lmdb-js 3.x builds in (0.9.x files say 1 and are refused by it). */
  DATA_VERSION: 2,
  PAGE_HEADER: 24,
  /** The page header and the MDB_meta after it: what LMDB reads of each meta page. */
  META_BYTES: 24 + 144,
  P_BRANCH: 0x01,
  P_LEAF: 0x02,
  P_OVERFLOW: 0x04,
  P_META: 0x08,
  P_LEAF2: 0x20,
  F_BIGDATA: 0x01,
  F_SUBDATA: 0x02,
  MIN_PAGE: 512,
  MAX_PAGE: 0x10000,
} as const;

const AFRESH = 'restore it from a copy or delete it to start afresh';

/**
 * Checks the store at `path` (absolute) before lmdb-js opens it. A store that does not exist is
 * a new one, as before; anything else must be an LMDB file this sandbox can map and write.
 *
 * An empty file is refused, although LMDB would take it as new: a data file is never empty once
 * LMDB has made it (it writes both meta pages before anything else), so an empty one is almost
 * always a copy or a restore that failed, and starting afresh on top of it would hide that the data
 * is gone. Deleting it is the way to ask for a new store.
 */
export function checkDataFile(path: string): DataFileVerdict {
  const layout = dataFileLayout(path);
  if (layout.directory) {
    const dir = statOf(path);
    if (dir === 'missing') return { ok: true, exists: false };
    if (dir instanceof Error) return { ok: false, file: path, problem: `cannot be read: ${dir.message}` };
    if (!dir.isDirectory()) {
      return {
        ok: false,
        file: path,
        problem: `is a file, but a data path without an extension is a directory that holds data.mdb; name the file with an extension such as .mdb`,
      };
    }
  }
  const file = layout.file;
  const refuse = (problem: string): DataFileVerdict => ({ ok: false, file, problem });
  const stats = statOf(file);
  if (stats === 'missing') return { ok: true, exists: false };
  if (stats instanceof Error) return refuse(`cannot be read: ${stats.message}`);
  if (stats.isDirectory()) return refuse('is a directory, not a data file; give a file name, such as sandbox.mdb');
  if (!stats.isFile()) return refuse('is not a regular file; give a file name, such as sandbox.mdb');
  if (stats.size === 0)
    return refuse(
      'is empty: not a sandbox data file (a copy that failed?); delete it to start a new store, or restore the copy',
    );

  let fd: number;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO since the stat, opening it does not hang.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return refuse(`cannot be read: ${(error as Error).message}`);
  }
  try {
    const problem = checkContents(fd);
    if (problem) return refuse(problem);
  } finally {
    closeSync(fd);
  }

  // The sandbox writes to its file (the claim, every commit). A process that may not write gets
  // EACCES from access(); root may write anything, so for root a file nobody may write to (mode
  // a-w, the usual way to protect one) counts as read-only too rather than being written anyway.
  let writable = (stats.mode & 0o222) !== 0;
  if (writable) {
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable)
    return refuse(
      'is read-only, and the sandbox writes to its data file; make it writable (chmod u+w), or start from a writable copy',
    );
  return { ok: true, exists: true };
}

function statOf(path: string): Stats | 'missing' | Error {
  try {
    return statSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error);
  }
}

interface Meta {
  pageSize: number;
  lastPage: bigint;
  txnid: bigint;
  freeRoot: bigint;
  mainRoot: bigint;
}

const EMPTY_TREE = 0xffffffffffffffffn;

/** Reads up to `length` bytes at `position`; fewer at the end of the file. */
function readAt(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

/** The problem with the file's contents, or undefined when LMDB can map it. */
function checkContents(fd: number): string | undefined {
  // The layout above is the 64-bit one; a 32-bit build keeps 32-bit page numbers and maps the
  // file in chunks. There only the checks on the file itself apply.
  if (['arm', 'ia32', 'mips', 'mipsel', 'ppc', 's390'].includes(arch())) return undefined;
  const le = endianness() === 'LE';
  // A writer may commit while the file is read: each pass reads the header afresh, and a pass
  // that finds a problem counts only if the header did not move meanwhile.
  for (let pass = 0; ; pass++) {
    const size = fstatSync(fd).size;
    const header = readHeader(fd, size, le);
    if (typeof header === 'string') return header;
    const need = (header.lastPage + 1n) * BigInt(header.pageSize);
    if (BigInt(size) >= need) return undefined;
    // Shorter than its header says. That is normally a truncated copy, but LMDB itself can leave
    // the file short: pages taken and freed again in one transaction are never written, and when
    // they were the last ones the file ends before mm_last_pg. So count it truncated only when a
    // page LMDB would read (one of a tree's pages, or a big value's overflow pages) lies past the end.
    const found = walk(fd, size, header, le);
    if (!found) return undefined;
    const again = readHeader(fd, fstatSync(fd).size, le);
    if (pass < 2 && (typeof again === 'string' || again.txnid !== header.txnid)) continue;
    return found === 'missing'
      ? `is truncated: ${size} bytes, but its header says it holds ${need}; ${AFRESH}`
      : `is damaged: ${found}; ${AFRESH}`;
  }
}

function readHeader(fd: number, size: number, le: boolean): Meta | string {
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u64 = (b: Buffer, at: number) => (le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
  const notOurs =
    'is not a sandbox data file: it has no LMDB header; give another file name, or restore the data file from a copy';
  const first = readAt(fd, LMDB.META_BYTES, 0);
  if (first.length < 32 || !(u16(first, 18) & LMDB.P_META) || u32(first, 24) !== LMDB.MAGIC) return notOurs;
  const version = u32(first, 28) & 0xffff;
  if (version !== LMDB.DATA_VERSION) {
    return `is an LMDB file of data version ${version}, and this sandbox's LMDB reads version ${LMDB.DATA_VERSION}; open it with the program that made it`;
  }
  const minimum = (what: number) =>
    `is truncated: ${size} bytes, but its header says it holds at least ${what}; ${AFRESH}`;
  if (first.length < LMDB.META_BYTES) return minimum(LMDB.META_BYTES);
  const pageSize = u32(first, 48);
  if (pageSize < LMDB.MIN_PAGE || pageSize > LMDB.MAX_PAGE || (pageSize & (pageSize - 1)) !== 0) {
    return `is damaged: its header gives a page size of ${pageSize}; ${AFRESH}`;
  }
  if (size < 2 * pageSize) return minimum(2 * pageSize);
  const second = readAt(fd, LMDB.META_BYTES, pageSize);
  if (
    !(u16(second, 18) & LMDB.P_META) ||
    u32(second, 24) !== LMDB.MAGIC ||
    (u32(second, 28) & 0xffff) !== LMDB.DATA_VERSION ||
    u32(second, 48) !== pageSize
  ) {
    // LMDB checks only the first meta page and would trust whatever the second one says.
    return `is damaged: its second meta page (at byte ${pageSize}) is not one; ${AFRESH}`;
  }
  const meta = (b: Buffer): Meta => ({
    pageSize,
    freeRoot: u64(b, 48 + 40),
    mainRoot: u64(b, 96 + 40),
    lastPage: u64(b, 144),
    txnid: u64(b, 152),
  });
  const [a, b] = [meta(first), meta(second)];
  // mdb_pick_meta: the first one on a tie.
  return a.txnid >= b.txnid ? a : b;
}

/**
 * Follows every tree of the snapshot `meta` names (the free-page tree, the main tree and the named
 * trees in it) and reports the first page that lies past the end of the file ('missing') or
 * cannot be a tree page, or undefined when every page LMDB would read is there. Reads each page at
 * most once, so at most the file's size.
 */
function walk(fd: number, size: number, meta: Meta, le: boolean): 'missing' | string | undefined {
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u64 = (b: Buffer, at: number) => (le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
  const { pageSize } = meta;
  const psize = BigInt(pageSize);
  const pages = BigInt(Math.floor(size / pageSize));
  const seen = new Set<bigint>();
  const todo: bigint[] = [meta.freeRoot, meta.mainRoot];
  const H = LMDB.PAGE_HEADER;
  while (todo.length > 0) {
    const pgno = todo.pop()!;
    if (pgno === EMPTY_TREE || seen.has(pgno)) continue;
    if (pgno > meta.lastPage || pgno < 2n)
      return `a tree points at page ${pgno}, outside its pages 2 to ${meta.lastPage}`;
    if (pgno >= pages) return 'missing';
    seen.add(pgno);
    const page = readAt(fd, pageSize, Number(pgno * psize));
    const flags = u16(page, 18);
    if (flags & LMDB.P_LEAF2) continue; // fixed-size values in the page itself
    if (!(flags & (LMDB.P_BRANCH | LMDB.P_LEAF))) return `page ${pgno} should hold part of a tree and does not`;
    const lower = u16(page, 20);
    const upper = u16(page, 22);
    if (lower > upper || upper > pageSize - H) return `page ${pgno} should hold part of a tree and does not`;
    for (let i = 0; i < lower >> 1; i++) {
      const node = u16(page, H + 2 * i) + H;
      if (node + 8 > pageSize) return `page ${pgno} should hold part of a tree and does not`;
      const lo = BigInt(u16(page, node));
      const hi = BigInt(u16(page, node + 2));
      const nodeFlags = u16(page, node + 4);
      if (flags & LMDB.P_BRANCH) {
        todo.push(lo | (hi << 16n) | (BigInt(nodeFlags) << 32n));
        continue;
      }
      const data = node + 8 + u16(page, node + 6);
      if (nodeFlags & LMDB.F_BIGDATA) {
        if (data + 8 > pageSize) return `page ${pgno} should hold part of a tree and does not`;
        // A big value lives in a run of overflow pages; the first one's header says how many
        // (mp_pages, which may exceed what the value needs: a value rewritten smaller keeps its
        // run, and LMDB copies the whole run when it changes the value again).
        const first = u64(page, data);
        if (first < 2n || first > meta.lastPage)
          return `a value on page ${pgno} points at page ${first}, outside its pages 2 to ${meta.lastPage}`;
        if (first >= pages) return 'missing';
        const head = readAt(fd, H, Number(first * psize));
        const count = BigInt(u32(head, 20));
        // OVPAGES(): the value and one page header, in whole pages.
        const needed = (BigInt(H) - 1n + (lo | (hi << 16n))) / psize + 1n;
        if (!(u16(head, 18) & LMDB.P_OVERFLOW) || count < needed || first + count - 1n > meta.lastPage) {
          return `page ${first} should start the ${needed} overflow pages of a value on page ${pgno} and does not`;
        }
        if (first + count > pages) return 'missing';
      } else if (nodeFlags & LMDB.F_SUBDATA) {
        // A named tree (or a tree of duplicates): an MDB_db, whose root is its last field.
        if (data + 48 > pageSize) return `page ${pgno} should hold part of a tree and does not`;
        todo.push(u64(page, data + 40));
      }
    }
  }
  return undefined;
}
