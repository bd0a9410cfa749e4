// Case selection, result recording, and how a case that throws is reported.
import { describe, expect, it } from 'vitest';
import { suiteCheck } from '../src/checks/define.js';
import { SkipCase } from '../src/skip.js';
import { Recorder } from '../src/exchange.js';
import { BoundedTransport } from '../src/transport/bounded-transport.js';
import { RunStop } from '../src/transport/run-stop.js';
import type { CheckResult } from '../src/results.js';
import { CaseRunner, type CaseSpec } from '../src/runner.js';
import {
  MAX_TICKS_PER_WAIT,
  readScenarioTable,
  rejectCentsOf,
  whileTimePasses,
  type ServerControl,
} from '../src/server-control.js';

const spec = (id: string, suite = 'negative', operations = ['createInstantPayment']): CaseSpec => ({
  id,
  suite,
  operations,
  checks: ['negative_data_rejection'],
});

/** A check that passes or fails as it is told, under a registered check's name. */
const told = suiteCheck({
  name: 'negative_data_rejection',
  label: 'negative',
  description: 'passes or fails as told',
  judge: ({ ok }: { ok: boolean }, outcome) => (ok ? outcome.pass() : outcome.fail('expected a 4xx')),
});

function runner(only: string[] = [], skip: string[] = []) {
  const results: CheckResult[] = [];
  const recorder = new Recorder(
    new BoundedTransport(
      async () => new Response('{}', { status: 400, headers: { 'content-type': 'application/json' } }),
      new RunStop(),
    ),
  );
  return { results, recorder, runner: new CaseRunner(recorder, (r) => results.push(r), { only, skip }) };
}

describe('CaseRunner', () => {
  it('selects cases by glob over id, suite, operation or check', () => {
    const { runner: r } = runner(['get*', 'auth']);
    expect(r.selected(spec('x', 'negative', ['getInstantPayment']))).toBe(true);
    expect(r.selected(spec('x', 'auth'))).toBe(true);
    expect(r.selected(spec('x'))).toBe(false);
    const { runner: s } = runner([], ['negative_data_rejection']);
    expect(s.selected(spec('x'))).toBe(false);
    expect(s.checkSkipped('negative_data_rejection')).toBe(true);
    expect(
      runner([], ['negative/createInstantPayment/**']).runner.selected(
        spec('negative/createInstantPayment/body.amount/pattern'),
      ),
    ).toBe(false);
  });

  it('knows when a setup step must run for cases whose ids are not known yet', () => {
    const setup = {
      suite: 'negative',
      operations: ['createInstantPayment'],
      checks: ['negative_data_rejection' as const],
    };
    expect(runner().runner.mayRunUnder('negative/createInstantPayment/PIX_DICT', setup)).toBe(true);
    expect(
      runner(['negative/createInstantPayment/PIX_DICT/body.amount/pattern']).runner.mayRunUnder(
        'negative/createInstantPayment/PIX_DICT',
        setup,
      ),
    ).toBe(true);
    expect(runner(['negative/create*/**']).runner.mayRunUnder('negative/createInstantPayment/PIX_DICT', setup)).toBe(
      true,
    );
    expect(runner(['listOrders']).runner.mayRunUnder('negative/createInstantPayment/PIX_DICT', setup)).toBe(false);
    expect(runner(['negative/getOrder/**']).runner.mayRunUnder('negative/createInstantPayment/PIX_DICT', setup)).toBe(
      false,
    );
    expect(
      runner([], ['createInstantPayment']).runner.mayRunUnder('negative/createInstantPayment/PIX_DICT', setup),
    ).toBe(false);
  });

  it('records verdicts with the case id and the exchange the case made last', async () => {
    const { runner: r, results, recorder } = runner();
    await r.case(spec('c1'), async (t) => {
      await recorder.fetch('http://server.test/a');
      await recorder.fetch('http://server.test/b');
      t.check(told, 'createInstantPayment', { ok: false });
      t.check(told, 'createInstantPayment', { ok: true });
    });
    expect(results).toEqual([
      {
        check: 'negative_data_rejection',
        operationId: 'createInstantPayment',
        outcome: 'fail',
        caseId: 'c1',
        message: 'expected a 4xx',
        exchange: 2,
      },
      {
        check: 'negative_data_rejection',
        operationId: 'createInstantPayment',
        outcome: 'pass',
        caseId: 'c1',
        exchange: 2,
      },
    ]);
    expect(recorder.exchanges.map((e) => e.caseId)).toEqual(['c1', 'c1']);
  });

  it('turns a SkipCase into a skip and any other error into a failure, and carries on', async () => {
    const { runner: r, results } = runner();
    await r.case(spec('skips'), async () => {
      throw new SkipCase('no bank page');
    });
    await r.case(spec('throws'), async () => {
      throw new TypeError('boom');
    });
    expect(results.map((x) => [x.caseId, x.outcome, x.message])).toEqual([
      ['skips', 'skip', 'no bank page'],
      ['throws', 'fail', 'the case stopped: boom'],
    ]);
  });
});

describe('server control', () => {
  it('reads the published scenario table as data, ignoring rows of another shape', () => {
    const table = readScenarioTable({
      scenarios: [
        { id: 'ok', cents: [], field: 'amount', summary: 'settles' },
        {
          id: 'no-money',
          cents: ['.01'],
          field: 'amount',
          summary: 'x',
          automatic: { from: 'PAYMENT_PENDING', steps: [{ status: 'PAYMENT_REJECTED', afterMs: 1000 }] },
        },
        { id: 'bad-cents', cents: ['1 cent'], field: 'amount', summary: 'x' },
        'not a row',
      ],
    });
    expect(table.scenarios.map((r) => r.id)).toEqual(['ok', 'no-money']);
    expect(rejectCentsOf(table)).toBe('.01');
    expect(readScenarioTable({ amounts: [] })).toEqual({ scenarios: [] });
    expect(readScenarioTable(undefined)).toEqual({ scenarios: [] });
  });

  it('moves the clock while a wait runs, and stops when it ends', async () => {
    let advanced = 0;
    const control: ServerControl = {
      clock: true,
      scenarioCents: new Set(),
      rejectCents: undefined,
      answers: undefined,
      now: async () => 0,
      advance: async (ms) => {
        advanced += ms;
      },
    };
    const value = await whileTimePasses(control, async () => {
      while (advanced < 3000) await new Promise((r) => setTimeout(r, 1));
      return 'settled';
    });
    expect(value).toBe('settled');
    const after = advanced;
    await new Promise((r) => setTimeout(r, 20));
    expect(advanced).toBe(after);
  });

  it('moves the clock at most MAX_TICKS_PER_WAIT seconds in one wait, however long it lasts', async () => {
    let advanced = 0;
    const control: ServerControl = {
      clock: true,
      scenarioCents: new Set(),
      rejectCents: undefined,
      answers: undefined,
      now: async () => 0,
      advance: async (ms) => {
        advanced += ms;
      },
    };
    await whileTimePasses(control, async () => {
      while (advanced < MAX_TICKS_PER_WAIT * 1000) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(advanced).toBe(MAX_TICKS_PER_WAIT * 1000);
  });
});
