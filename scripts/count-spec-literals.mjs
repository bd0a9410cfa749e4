// `node scripts/count-spec-literals.mjs DIR`: how many quoted literals in DIR's .ts files are
// statuses or reason codes of the spec (from its model). A measure of how much of the spec a
// package restates, for the closing notes of spec-model work; generated folders are skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL } from '../spec/dist/model.js';

const statuses = new Set(Object.values(MODEL.stateMachines).flatMap((m) => m.statuses));
const reasons = new Set(MODEL.enums.StatusReasonCode);
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/count-spec-literals.mjs DIR');
  process.exit(2);
}
let status = 0;
let reason = 0;
for (const file of readdirSync(dir, { recursive: true }).map(String)) {
  if (!file.endsWith('.ts') || file.includes('generated')) continue;
  for (const [, literal] of readFileSync(join(dir, file), 'utf8').matchAll(/'([A-Z_]+)'/g)) {
    if (statuses.has(literal)) status++;
    else if (reasons.has(literal)) reason++;
  }
}
console.log(`${dir}: ${status} status literals, ${reason} reason-code literals`);
