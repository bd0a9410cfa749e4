// `pnpm dev` rebuilds through turbo: a spec change reaches the bundle, the lint, the client types
// and the docs, in dependency order, and nothing unchanged is redone.
import { describe, expect, it } from 'vitest';
import { DEV_TURBO_ARGS, devRebuild } from '../scripts/dev.mjs';

describe('pnpm dev', () => {
  it('plans bundle → lint, bundle → generate → build for the client, and bundle → docs', () => {
    const { ok, output } = devRebuild(['--dry=json']);
    expect(ok, output).toBe(true);
    const plan = JSON.parse(output.slice(output.indexOf('{'))) as {
      tasks: Array<{ taskId: string; dependencies: string[] }>;
    };
    const tasks = new Map(plan.tasks.map((t) => [t.taskId, t.dependencies]));
    expect([...tasks.keys()]).toEqual(
      expect.arrayContaining([
        '@klavi-pay/spec#bundle',
        '@klavi-pay/spec#lint',
        '@klavi-pay/client#generate',
        '@klavi-pay/client#build',
        '@klavi-pay/docs#build',
      ]),
    );
    expect(tasks.get('@klavi-pay/spec#lint')).toContain('@klavi-pay/spec#bundle');
    expect(tasks.get('@klavi-pay/client#generate')).toContain('@klavi-pay/spec#bundle');
    expect(tasks.get('@klavi-pay/client#build')).toContain('@klavi-pay/client#generate');
    expect(tasks.get('@klavi-pay/docs#build')).toContain('@klavi-pay/spec#bundle');
    expect(DEV_TURBO_ARGS).toContain('--filter=@klavi-pay/docs');
  });

  it('replays everything from the cache when nothing changed', () => {
    devRebuild();
    const again = devRebuild();
    expect(again.ok, again.output).toBe(true);
    expect(again.summary).toMatch(/^0 of \d+ tasks ran, \d+ from cache$/);
  }, 300_000);
});
