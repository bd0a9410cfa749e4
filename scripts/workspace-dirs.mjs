// The folders of the workspace packages pnpm-workspace.yaml lists (`group/*` patterns expanded),
// repo-relative, so that what walks the workspace finds a new package without a list to update.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** @param {string} root the repo root */
export function workspaceDirs(root) {
  const { packages: patterns } = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  const dirs = [];
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*')) {
      if (existsSync(join(root, pattern))) dirs.push(pattern);
      continue;
    }
    const group = pattern.slice(0, -2);
    if (!existsSync(join(root, group))) continue;
    for (const entry of readdirSync(join(root, group), { withFileTypes: true }))
      if (entry.isDirectory()) dirs.push(`${group}/${entry.name}`);
  }
  return dirs;
}
