// --seed reproduces a run's data: the same seed sends the same bodies (idempotency keys aside,
// which are new on every run by design), and another seed sends others.
import { describe, expect, it } from 'vitest';
import { runContract } from '../src/index.js';

async function bodiesOf(seed: number): Promise<string[]> {
  const report = await runContract({
    seed,
    only: ['positive/createAutomaticConsent/*', 'negative/createInstantPayment/PIX_DICT/body.customer*/**'],
  });
  expect(report.results.filter((r) => r.outcome === 'fail')).toEqual([]);
  return report.exchanges
    .filter((e) => e.caseId.startsWith('positive/') || e.caseId.startsWith('negative/'))
    .map((e) => `${e.caseId} ${(e.request.body ?? '').replace(/"clientRequestId":"[^"]*"/g, '"clientRequestId":"…"')}`);
}

describe('--seed', () => {
  it('sends the same data for the same seed, and other data for another', async () => {
    const first = await bodiesOf(21);
    expect(first.length).toBeGreaterThan(10);
    expect(await bodiesOf(21)).toEqual(first);
    expect(await bodiesOf(22)).not.toEqual(first);
  }, 60_000);
});
