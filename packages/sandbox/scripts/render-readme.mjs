// `pnpm --filter @klavi-pay/sandbox readme`: writes the scenario table, rendered from the data
// (src/domain/scenarios/table.ts, through the built package), between the README's markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenariosMarkdown } from '../dist/index.js';

const file = join(import.meta.dirname, '..', 'README.md');
const readme = readFileSync(file, 'utf8');
const next = readme.replace(
  /<!-- scenarios:start -->\n(?:[\s\S]*?\n)?<!-- scenarios:end -->/,
  `<!-- scenarios:start -->\n${scenariosMarkdown()}\n<!-- scenarios:end -->`,
);
if (next === readme && !readme.includes('<!-- scenarios:start -->'))
  throw new Error('README.md has no <!-- scenarios:start --> marker');
writeFileSync(file, next);
console.log('README.md: scenario table rendered from the data');
