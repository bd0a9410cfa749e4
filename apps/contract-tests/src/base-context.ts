// What a run holds for its cases, except the shared fixtures (context.ts adds those), so that the
// fixtures can be typed against it without importing the context that holds them.
import type { Credentials, KlaviClient } from '@klavi-pay/client';
import type { Recorder } from './exchange.js';
import type { DataPolicy } from './generate/policy.js';
import type { Rng } from './generate/rng.js';
import type { ScenarioTable, ServerControl } from './server-control.js';
import type { Spec } from './spec.js';
import type { RunStop } from './transport/run-stop.js';

export interface BaseContext {
  spec: Spec;
  client: KlaviClient;
  baseUrl: string;
  credentials: Credentials;
  managementCredentials: Credentials | undefined;
  recorder: Recorder;
  /** Requests that are not the API's (the bank page, the control endpoints): bounded, not recorded. */
  unrecordedFetch: typeof fetch;
  control: ServerControl;
  /** The scenario table the server publishes (our simulator does), empty when it publishes none. */
  scenarios: ScenarioTable;
  policy: DataPolicy;
  rng: Rng;
  /** Whether to wait a token's lifetime out in real time when the server's clock cannot be moved. */
  waitForTokenExpiry: boolean;
  /** The run's stop switch: its deadline, which a deliberate real-time wait moves later. */
  runStop: RunStop;
  /** How status waits poll: fast against a clock we can move, patient against a real server. */
  wait: { intervalMs: number; timeoutMs: number };
}
