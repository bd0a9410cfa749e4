// stateful_flow: what a merchant's integration does, step by step (create, approve at the bank,
// settle, read back, find it in the Management lists), gets what each step expects. Called by the
// flow suite, and by the run's preflight. A flow's steps are the flow itself (what an integration
// relies on at that point), so the flow states each expectation and this check records whether it
// held; suites/flows.ts ends a flow at its first failed step.
import { suiteCheck } from './define.js';

export type FlowStepInput =
  /** A step of a flow: whether the server did what it expects, and the expectation (with what came back) for the report. */
  | { step: 'taken'; ok: boolean; message: string }
  /** A step this server cannot take (no bank page, no Management credentials), and why. */
  | { step: 'unavailable'; reason: string }
  /** The run's preflight got a token: the server answers and accepts the credentials. */
  | { step: 'preflight' };

export const statefulFlow = suiteCheck({
  name: 'stateful_flow',
  label: 'flow',
  description: "a merchant's flows, step by step: create, approve, settle, read, list",
  judge: (input: FlowStepInput, outcome) => {
    switch (input.step) {
      case 'taken':
        return input.ok ? outcome.pass() : outcome.fail(input.message);
      case 'unavailable':
        return outcome.skip(input.reason);
      case 'preflight':
        return outcome.pass('the server answered and issued a token for the credentials');
    }
  },
});
