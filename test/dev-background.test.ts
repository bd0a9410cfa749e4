// `pnpm dev`'s background build: one at a time, the saves made during a build built once by the
// next, its outcome reported, and close() stops the one running. Driven with builds the test
// finishes by hand, so it is about the scheduling, not turbo.
import { describe, expect, it } from 'vitest';
import { type BuildOutcome, countTasks, createBackgroundBuild } from '../scripts/dev/background-build.mjs';

function manualBuilds() {
  const started: Array<{ finish(ok: boolean): void; stopped: boolean }> = [];
  const start = () => {
    let finish!: (outcome: BuildOutcome) => void;
    const done = new Promise<BuildOutcome>((resolve) => (finish = resolve));
    const build = {
      stopped: false,
      finish: (ok: boolean) => finish({ ok, ran: 1, cached: 2, total: 3, ms: 10, output: ok ? '' : 'boom' }),
    };
    started.push(build);
    return { done, stop: () => (build.stopped = true) };
  };
  return { started, start };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the background build', () => {
  it('runs one build at a time and builds the saves made meanwhile once, by the next', async () => {
    const { started, start } = manualBuilds();
    const reports: string[] = [];
    const builds = createBackgroundBuild({ start, report: (e) => reports.push(e.state) });
    builds.request();
    builds.request();
    builds.request();
    expect(started).toHaveLength(1);
    started[0]!.finish(true);
    await tick();
    expect(started).toHaveLength(2);
    started[1]!.finish(false);
    await builds.idle();
    expect(started).toHaveLength(2);
    expect(reports).toEqual(['running', 'ok', 'running', 'failed']);
  });

  it('starts again on a request after it went idle, and close() stops the build that runs', async () => {
    const { started, start } = manualBuilds();
    const builds = createBackgroundBuild({ start, report: () => {} });
    builds.request();
    started[0]!.finish(true);
    await builds.idle();
    builds.request();
    expect(started).toHaveLength(2);
    builds.close();
    expect(started[1]!.stopped).toBe(true);
    builds.request();
    expect(started).toHaveLength(2);
  });

  it("counts turbo's tasks over both runs of pnpm build", () => {
    const output = [
      ' Tasks:    3 successful, 3 total',
      'Cached:    1 cached, 3 total',
      ' Tasks:    7 successful, 7 total',
      'Cached:    6 cached, 7 total',
    ].join('\n');
    expect(countTasks(output)).toEqual({ total: 10, cached: 7, ran: 3 });
  });
});
