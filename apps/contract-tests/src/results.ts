// What a run finds: one result per check per case or exchange.
import type { CheckName } from './checks/registry.js';

export type Outcome = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  check: CheckName;
  /** The operation judged; `-` for a request that matches no operation (an undeclared method). */
  operationId: string;
  outcome: Outcome;
  caseId: string;
  /** What differed (fail) or why nothing was checked (skip). */
  message?: string;
  /** The exchange the result is about, by its sequence number. */
  exchange?: number;
}
