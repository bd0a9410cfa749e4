// Dev suite: the API team's loop. `pnpm dev` runs in a scratch copy of the repo with the reference
// page open in Chromium; each round saves one edit of each kind (a description, a schema, an
// example, a path) and times the save until the page shows the new document and until the
// types hold it; in the first rounds, `pnpm build` then runs and is timed too.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { formatMs, median, percentile, rounds } from '../stats.js';
import { runCommand, startServer } from '../process.js';
import type { Suite } from '../suite.js';
import { REPO_ROOT } from '../workspace.js';
import { copyWorkingTree, readSummaries } from './pipeline.js';

const ENV = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The goals the loop is held to on this machine (save → page and types). */
const GOAL = { p50: 1_500, p95: 3_000 };
/** Rounds in which `pnpm build` follows each save (it takes seconds; the latencies need more rounds). */
const BUILD_ROUNDS = 3;
/** Longest a save may take to show before the round is reported as failed. */
const SHOW_TIMEOUT_MS = 30_000;
/** Between saves: Spectral lints each bundle for a few seconds on the other core. */
const PAUSE_MS = 3_500;

interface Edit {
  kind: string;
  file: string;
  /** The edited text for this round; `marker` must then appear in the page document and the types. */
  apply(original: string, marker: string, round: number): string;
  /** What shows in the types: the marker, or another text the edit puts there. */
  inTypes(marker: string, round: number): string;
}

const EDITS: Edit[] = [
  {
    kind: 'description',
    file: 'spec/components/schemas/Amount.yaml',
    apply: (text, marker) => text.replace('Never a JSON number', `${marker}. Never a JSON number`),
    inTypes: (marker) => marker,
  },
  {
    kind: 'schema (a new optional property)',
    file: 'spec/components/schemas/InstantPaymentStatusResponse.yaml',
    apply: (text, marker, round) =>
      text.replace(
        /^properties:\n/m,
        `properties:\n  benchNote${round}:\n    type: string\n    maxLength: 40\n    description: ${marker}.\n`,
      ),
    inTypes: (marker) => marker,
  },
  {
    kind: 'example',
    file: 'spec/components/schemas/Amount.yaml',
    apply: (text, _marker, round) => text.replace("- '100000.12'", `- '${100000 + round}.12'`),
    inTypes: (_marker, round) => `@example ${100000 + round}.12`,
  },
  {
    kind: 'path (an operation description)',
    file: 'spec/paths/customer_instant_payments.yaml',
    apply: (text, marker) =>
      text.replace('Create a one-off Pix payment initiation.', `Create a one-off Pix payment initiation. ${marker}.`),
    inTypes: (marker) => marker,
  },
];

interface Sample {
  kind: string;
  round: number;
  pageMs: number;
  typesMs: number;
  buildMs?: number;
  buildRan?: string[];
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const devSuite: Suite = {
  id: 'dev',
  title: 'Spec edit loop (pnpm dev)',
  defaultRuns: 10,
  method: (runs) => [
    '`pnpm dev --no-background` in a scratch copy of the working tree (copied, installed with `pnpm install --offline`, built once), with the reference page open in headless Chromium. The background build is off so that each figure is the fast path alone; `pnpm build` is timed on its own instead.',
    `${rounds(runs)} of four saves, one per kind of edit: a sentence in a schema's description, a new optional property in a schema, a changed example value, a sentence in an operation's description. Each save writes a new marker into the file; the clock starts just before the write.`,
    '**Save → page**: until the open page has re-rendered the new document in place (the page stamps the wall-clock time it finished rendering; the document it fetched is checked to hold the marker). **Save → types**: until `spec/dist/types.d.ts` holds the marker (polled every 5 ms).',
    `Between saves the loop is left ${PAUSE_MS / 1000} s for Spectral, which lints each bundle on another thread. In the first ${BUILD_ROUNDS} rounds \`pnpm build\` runs after each save and is timed from spawn to exit, with the tasks turbo re-ran.`,
    `Goals: p50 ≤ ${GOAL.p50 / 1000} s and p95 ≤ ${GOAL.p95 / 1000} s for both figures.`,
  ],
  async run({ runs, log }) {
    const repo = mkdtempSync(join(tmpdir(), 'klavi-bench-dev-'));
    const samples: Sample[] = [];
    let stopDev: (() => Promise<void>) | undefined;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      log(`  copying the working tree to ${repo}, installing from the pnpm store and building`);
      copyWorkingTree(repo);
      // The tree's own turbo cache, so the first build of the copy is mostly replayed.
      const cache = join(REPO_ROOT, '.turbo', 'cache');
      if (existsSync(cache)) cpSync(cache, join(repo, '.turbo', 'cache'), { recursive: true });
      await runCommand('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: repo, env: ENV });
      await runCommand('pnpm', ['build'], { cwd: repo, env: ENV });
      const dev = await startServer(process.execPath, ['scripts/dev.mjs', '--port', '0', '--no-background'], {
        cwd: repo,
        env: ENV,
        ready: /API reference on (\S+);/,
        timeoutMs: 120_000,
      });
      stopDev = dev.stop;
      const page = await browser.newPage();
      await page.goto(dev.url);
      await page.waitForFunction(() => document.documentElement.dataset.klaviDocument, null, { timeout: 60_000 });
      const types = join(repo, 'spec', 'dist', 'types.d.ts');
      const originals = new Map(EDITS.map((edit) => [edit.file, readFileSync(join(repo, edit.file), 'utf8')]));
      for (let round = 1; round <= runs; round++) {
        for (const edit of EDITS) {
          const file = join(repo, edit.file);
          const marker = `Edited by pnpm bench, ${edit.kind.split(' ')[0]} round ${round}`;
          const shownBefore = await page.evaluate(() => document.documentElement.dataset.klaviDocument);
          const edited = edit.apply(originals.get(edit.file)!, marker, round);
          if (edited === originals.get(edit.file))
            throw new Error(`the ${edit.kind} edit does not change ${edit.file}`);
          const savedAt = Date.now();
          writeFileSync(file, edited);
          const inTypes = edit.inTypes(marker, round);
          const typesAt = waitFor(
            `the types after the ${edit.kind} edit`,
            () => (readFileSync(types, 'utf8').includes(inTypes) ? Date.now() : undefined),
            SHOW_TIMEOUT_MS,
          );
          await page.waitForFunction(
            (before) => document.documentElement.dataset.klaviDocument !== before,
            shownBefore,
            { timeout: SHOW_TIMEOUT_MS, polling: 5 },
          );
          const shownAt = Number(await page.evaluate(() => document.documentElement.dataset.klaviShownAt));
          const holds = await page.evaluate(
            async (text) => (await (await fetch('/__dev/document.json')).text()).includes(text),
            edit.kind === 'example' ? `${100000 + round}.12` : marker,
          );
          if (!holds) throw new Error(`the page re-rendered after the ${edit.kind} edit without it`);
          const sample: Sample = {
            kind: edit.kind,
            round,
            pageMs: shownAt - savedAt,
            typesMs: (await typesAt) - savedAt,
          };
          if (round <= BUILD_ROUNDS) {
            const runsDir = join(repo, '.turbo', 'runs');
            rmSync(runsDir, { recursive: true, force: true });
            const built = await runCommand('pnpm', ['build', '--summarize'], { cwd: repo, env: ENV });
            sample.buildMs = built.ms;
            sample.buildRan = readSummaries(runsDir).ran;
          } else await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
          samples.push(sample);
          log(
            `  round ${round}/${runs} ${edit.kind}: page ${formatMs(sample.pageMs)}, types ${formatMs(sample.typesMs)}${sample.buildMs === undefined ? '' : `, pnpm build ${formatMs(sample.buildMs)}`}`,
          );
        }
        // Back to the originals, so every round's edit starts from the same text.
        for (const [file, text] of originals) writeFileSync(join(repo, file), text);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    } finally {
      await browser.close();
      await stopDev?.();
      rmSync(repo, { recursive: true, force: true });
    }
    const of = (kind?: string) => samples.filter((s) => kind === undefined || s.kind === kind);
    const verdict = (values: number[]) =>
      percentile(values, 50) <= GOAL.p50 && percentile(values, 95) <= GOAL.p95 ? 'met' : 'missed';
    const row = (label: string, list: Sample[]) => {
      const page = list.map((s) => s.pageMs);
      const typesMs = list.map((s) => s.typesMs);
      const builds = list.flatMap((s) => (s.buildMs === undefined ? [] : [s.buildMs]));
      return [
        label,
        formatMs(percentile(page, 50)),
        formatMs(percentile(page, 95)),
        formatMs(percentile(typesMs, 50)),
        formatMs(percentile(typesMs, 95)),
        builds.length > 0 ? formatMs(median(builds)) : '',
        `page ${verdict(page)}, types ${verdict(typesMs)}`,
      ];
    };
    const ranAfter = (kind: string) => [...new Set(of(kind).flatMap((s) => s.buildRan ?? []))].sort();
    return {
      tables: [
        {
          caption: 'Save → page and save → types, per kind of edit',
          headers: ['Edit', 'Page p50', 'Page p95', 'Types p50', 'Types p95', '`pnpm build` after (median)', 'Goal'],
          align: ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
          rows: [...EDITS.map((edit) => row(edit.kind, of(edit.kind))), row('**all edits**', of())],
          notes: EDITS.map(
            (edit) =>
              `Tasks \`pnpm build\` re-ran after the ${edit.kind} edit: ${ranAfter(edit.kind)
                .map((id) => `\`${id}\``)
                .join(', ')}.`,
          ),
        },
      ],
      samples: { saves: samples },
    };
  },
};
