import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { copyWorkingTree, editDescription, EDITED_FILE, readSummary } from '../src/suites/pipeline.js';
import { REPO_ROOT } from '../src/workspace.js';

describe('readSummary', () => {
  it('splits the tasks turbo ran from those it replayed, ignoring tasks a package does not define', () => {
    const outcome = readSummary({
      tasks: [
        { taskId: '@klavi-pay/spec#bundle', command: 'node scripts/bundle.mjs', cache: { status: 'MISS' } },
        { taskId: '@klavi-pay/client#build', command: 'tsup', cache: { status: 'HIT' } },
        { taskId: '@klavi-pay/docs#generate', command: '<NONEXISTENT>', cache: { status: 'MISS' } },
        { taskId: '@klavi-pay/client#generate', command: 'node scripts/generate.mjs', cache: { status: 'MISS' } },
      ],
    });
    expect(outcome).toEqual({
      ran: ['@klavi-pay/client#generate', '@klavi-pay/spec#bundle'],
      cached: ['@klavi-pay/client#build'],
    });
  });
});

describe('editDescription', () => {
  it('changes the description of the edited spec file and nothing else, and returns the original', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-edit-'));
    const file = join(dir, 'Amount.yaml');
    const original = readFileSync(join(REPO_ROOT, EDITED_FILE), 'utf8');
    writeFileSync(file, original);
    expect(editDescription(file, 2)).toBe(original);
    const before = parse(original) as Record<string, unknown>;
    const after = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(after.description).toBe(`${String(before.description).trimEnd()}\nEdited by pnpm bench, round 2.\n`);
    expect({ ...after, description: null }).toEqual({ ...before, description: null });
  });

  it('refuses a file with no description', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-edit-')), 'x.yaml');
    writeFileSync(file, 'type: string\n');
    expect(() => editDescription(file, 1)).toThrow(/no top-level description/);
  });
});

describe('copyWorkingTree', () => {
  it('copies the tracked and untracked files into a new git repo, without ignored folders', () => {
    const untracked = join(REPO_ROOT, 'bench', `untracked-${process.pid}.txt`);
    writeFileSync(untracked, 'not yet committed\n');
    const target = mkdtempSync(join(tmpdir(), 'bench-copy-'));
    try {
      copyWorkingTree(target);
    } finally {
      rmSync(untracked);
    }
    try {
      expect(readFileSync(join(target, EDITED_FILE), 'utf8')).toBe(readFileSync(join(REPO_ROOT, EDITED_FILE), 'utf8'));
      expect(existsSync(join(target, 'bench', `untracked-${process.pid}.txt`))).toBe(true);
      expect(existsSync(join(target, 'pnpm-lock.yaml'))).toBe(true);
      expect(existsSync(join(target, 'node_modules'))).toBe(false);
      expect(existsSync(join(target, 'bench', 'node_modules'))).toBe(false);
      expect(execFileSync('git', ['status', '--porcelain'], { cwd: target, encoding: 'utf8' })).toBe('');
      expect(execFileSync('git', ['log', '--format=%s'], { cwd: target, encoding: 'utf8' }).trim()).toBe(
        'snapshot for pnpm bench',
      );
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
