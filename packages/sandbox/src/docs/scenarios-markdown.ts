// The README's table of magic amounts, rendered from the scenario table (domain/scenarios/table.ts):
// `pnpm --filter @klavi-pay/sandbox readme` writes it, and a test checks the README has it.
// Documentation, not domain: it lives beside the domain, as the bank's pages do.
import { SCENARIOS, type Scenario } from '../domain/scenarios/table.js';

/** The README's table, rendered from the data. */
export function scenariosMarkdown(): string {
  const where = (s: Scenario) =>
    s.field !== 'amount'
      ? 'consent (`maximumVariableAmount`)'
      : s.refusal
        ? (s.refusal.initType ?? s.refusal.creates.join(', '))
        : [s.instant && 'instant', s.automatic && 'recurring payment'].filter(Boolean).join(', ');
  const rows = SCENARIOS.map(
    (s) =>
      `| ${s.cents.length ? s.cents.map((c) => `\`${c}\``).join(', ') : 'any other'} | ${where(s)} | ${s.summary} |`,
  );
  return ['| Cents | Where | Outcome |', '|---|---|---|', ...rows].join('\n');
}
