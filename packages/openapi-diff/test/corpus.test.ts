// The corpus: edits of the real bundle with the verdict an API owner expects, both directions.
// Each pair is a test, so a regression names the edit it got wrong.
import { describe, expect, it } from 'vitest';
import { bundle } from './bundle.js';
import { isDeepStrictEqual } from 'node:util';
import {
  CORPUS,
  corpusPair,
  CorpusTargetMissing,
  diffCorpus,
  outcomesOf,
  scoreCorpus,
  type PairOutcome,
} from '../src/corpus/index.js';
import { RULES, type RuleId } from '../src/index.js';

const pairs = diffCorpus(bundle);

describe('the corpus', () => {
  it('has unique ids, and every edit changes the bundle', () => {
    expect(new Set(CORPUS.map((c) => c.id)).size).toBe(CORPUS.length);
    for (const c of CORPUS) {
      const [base, head] = corpusPair(bundle, c, 'forward');
      expect(isDeepStrictEqual(base, head), c.id).toBe(false);
    }
  });

  it('tells when the spec no longer has what an edit needs', () => {
    const withoutAmount = structuredClone(bundle);
    delete withoutAmount.components.schemas.Amount;
    expect(() => corpusPair(withoutAmount, CORPUS.find((c) => c.id === 'description-reworded')!, 'forward')).toThrow(
      CorpusTargetMissing,
    );
  });

  it('covers both sides of every area, and breaking and safe pairs', () => {
    const score = scoreCorpus(outcomesOf(pairs));
    expect(score.breaking).toBeGreaterThan(40);
    expect(score.pairs - score.breaking).toBeGreaterThan(40);
    for (const area of [
      'operation',
      'parameter',
      'request-body',
      'response-body',
      'header',
      'composition',
      'conditional',
      'security',
      'server',
      'deprecation',
      'webhook',
      'wording',
    ] as const) {
      expect(
        CORPUS.some((c) => c.area === area),
        area,
      ).toBe(true);
    }
  });
});

describe('the differ on the corpus', () => {
  for (const pair of pairs) {
    it(`${pair.id} (${pair.direction}) is ${pair.expected}`, () => {
      const [outcome] = outcomesOf([pair]);
      expect(
        outcome!.verdict,
        JSON.stringify(
          pair.findings.map((f) => `${f.severity} ${f.rule}: ${f.message}`),
          null,
          1,
        ),
      ).toBe(pair.expected);
    });
  }

  it('needs every rule: without any one of them, some verdict goes wrong', () => {
    // A rule the corpus does not need is a rule the corpus does not test.
    const unneeded = (Object.keys(RULES) as RuleId[]).filter((rule) => {
      const score = scoreCorpus(outcomesOf(pairs, (f) => f.rule !== rule));
      return score.wrongVerdicts.length === 0;
    });
    expect(unneeded).toEqual([]);
  });
});

describe('scoring', () => {
  const outcome = (expected: PairOutcome['expected'], flagged: boolean): PairOutcome => ({
    id: 'x',
    direction: 'forward',
    expected,
    flagged,
  });
  it('counts what a detector misses and what it flags wrongly', () => {
    const always = scoreCorpus([outcome('major', true), outcome('minor', true), outcome('patch', true)]);
    expect(always).toMatchObject({ recall: 1, precision: 1 / 3, falseAlarms: 2 });
    const never = scoreCorpus([outcome('major', false), outcome('major', true), outcome('minor', false)]);
    expect(never).toMatchObject({ recall: 0.5, precision: 1, caught: 1, missed: ['x (forward)'] });
    expect(never.exact).toBeUndefined();
  });
});
