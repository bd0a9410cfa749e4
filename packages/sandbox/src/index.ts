import { buildApp, type ResponseViolation, type SandboxAppOptions } from './server.js';
import type { SandboxClock } from './clock.js';
import type { SandboxState } from './domain/state.js';

export { DEMO_APPS, DEMO_CREDENTIALS, type Credential, type Scheme } from './auth.js';
export { createClock, type ClockOption, type SandboxClock } from './clock.js';
export { SCENARIOS, SCENARIOS_SCHEMA, scenariosDocument, scenariosMarkdown, type Refusal, type Scenario } from './domain/scenarios.js';
export { DataFileBusy, DataFileError } from './persistence/data-file.js';
export { StoredRecordError } from './persistence/records.js';
export { buildApp, BODY_LIMIT, CONTROL_PREFIX, type ResponseViolation, type SandboxAppOptions } from './server.js';

export interface StartSandboxOptions extends SandboxAppOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface Sandbox {
  /** The base URL to point a client at, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Advance it to make time-based transitions happen: `sandbox.clock.advance(60_000)`. */
  clock: SandboxClock;
  state: SandboxState;
  /** Responses that did not match the spec (sandbox bugs); tests assert it stays empty. */
  violations: ResponseViolation[];
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const { app, state, clock, violations } = await buildApp(options);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 4010, host });
  } catch (error) {
    // A port in use must not leave the data file claimed.
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the sandbox is not listening on a TCP port');
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${address.port}`;
  state.baseUrl = url;
  return { url, clock, state, violations, close: () => app.close() };
}
