// `node scripts/turbo.mjs run …`: turbo behind the guard for committed generated files
// (scripts/generated.mjs). Every pnpm script that runs the generators goes through it.
import { runTurbo } from './generated.mjs';

const result = runTurbo(process.argv.slice(2));
process.exit(result.status ?? 1);
