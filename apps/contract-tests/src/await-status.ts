// Status waits that cannot hang on a server that breaks the spec: each read's status must be
// present and one of the spec's documented values, or the wait ends at once naming the
// operation, the field and what came back; and every wait has a deadline (RunContext.wait).
import type { BaseContext } from './base-context.js';

/** A status read that the spec does not allow: missing, not a string, or outside the enum. */
export class StatusOutOfSpec extends Error {}

/**
 * An `until` for the client's await…Status helpers: true for the wanted statuses (default: any
 * terminal one), and a StatusOutOfSpec for a status the spec's `machine` does not document.
 */
export function documentedUntil(
  ctx: Pick<BaseContext, 'spec'>,
  machineName: string,
  operationId: string,
  wanted?: string | readonly string[],
) {
  const machine = ctx.spec.stateMachines[machineName];
  if (!machine) throw new Error(`the spec has no state machine ${machineName}`);
  const accept = wanted === undefined ? machine.terminal : typeof wanted === 'string' ? [wanted] : wanted;
  return (result: unknown): boolean => {
    const status = (result as { status?: unknown } | null)?.status;
    if (typeof status !== 'string') {
      throw new StatusOutOfSpec(
        `${operationId}: the response has no status field (got ${JSON.stringify(result).slice(0, 200)})`,
      );
    }
    if (!machine.statuses.includes(status)) {
      throw new StatusOutOfSpec(
        `${operationId}: status ${JSON.stringify(status)} is not one of the documented ${machineName} values (${machine.statuses.join(', ')})`,
      );
    }
    return accept.includes(status);
  };
}
