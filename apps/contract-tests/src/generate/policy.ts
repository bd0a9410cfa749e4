// How the run fills the fields it must control, whatever the seed: idempotency keys that are new
// on every run (so a second run against a persistent server does not get 409), and amounts whose
// cents carry no special meaning on the server under test.
import type { Json } from '@klavi-pay/openapi-runtime';
import type { Rng } from './rng.js';

export interface DataPolicy {
  /** A clientRequestId never used before by this or an earlier run. */
  key(label?: string): string;
  /** An amount in [min, max] reais whose cents are not one of the server's scenarios. */
  amount(rng: Rng, min?: number, max?: number): string;
  /** The hook positive generation calls for each component schema. */
  component(name: string, rng: Rng): Json | undefined;
}

export function createPolicy(runId: string, scenarioCents: ReadonlySet<string>): DataPolicy {
  let counter = 0;
  const plainCents = (rng: Rng): string => {
    for (;;) {
      const cents = `.${String(rng.int(0, 99)).padStart(2, '0')}`;
      if (!scenarioCents.has(cents)) return cents;
    }
  };
  const policy: DataPolicy = {
    key: (label = 'contract') => `${label}-${runId}-${++counter}`,
    amount: (rng, min = 1, max = 5000) =>
      `${rng.int(Math.ceil(min), Math.max(Math.ceil(min), Math.floor(max) - 1))}${plainCents(rng)}`,
    component(name, rng) {
      if (name === 'ClientRequestId') return policy.key();
      if (name === 'Amount') return policy.amount(rng);
      return undefined;
    },
  };
  return policy;
}

/** A calendar date in Brasília (UTC-3), `days` after the given instant. */
export function brasiliaDate(epochMs: number, days = 0): string {
  return new Date(epochMs - 3 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
