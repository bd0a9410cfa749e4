// The scenario table as GET /__sandbox/scenarios serves it: plain JSON, each path as its start
// and its steps with every delay spelled out. Its JSON Schema is scenarios/schema.ts, checked
// against the types here.
import { STEP_MS, type Path } from '../lifecycle.js';
import type { MachineName } from '../../spec-model.js';
import { SCENARIOS, type Refusal, type Scenario } from './table.js';

export interface ServedStep {
  status: string;
  afterMs: number;
  /** The reason code the status gets. */
  reason?: string;
}

export interface ServedPath {
  from: string;
  steps: ServedStep[];
}

export interface ServedScenario {
  id: string;
  cents: readonly string[];
  field: Scenario['field'];
  summary: string;
  instant?: ServedPath;
  automatic?: ServedPath;
  consent?: ServedPath;
  refusal?: Refusal;
}

export interface ScenariosDocument {
  /** Where its JSON Schema is served; a copy may leave it out. */
  $schema?: string;
  scenarios: ServedScenario[];
}

function servedPath<M extends MachineName>(p: Path<M>): ServedPath {
  return {
    from: p.from,
    steps: p.steps.map((step) =>
      typeof step === 'string'
        ? { status: step, afterMs: STEP_MS }
        : {
            status: step.status,
            afterMs: step.afterMs ?? STEP_MS,
            ...(step.reason ? { reason: step.reason.code } : {}),
          },
    ),
  };
}

const SCENARIOS_DOCUMENT: ScenariosDocument = {
  $schema: '/__sandbox/scenarios.schema.json',
  scenarios: SCENARIOS.map((s) => ({
    id: s.id,
    cents: s.cents,
    field: s.field,
    summary: s.summary,
    ...(s.instant ? { instant: servedPath(s.instant) } : {}),
    ...(s.automatic ? { automatic: servedPath(s.automatic) } : {}),
    ...(s.consent ? { consent: servedPath(s.consent) } : {}),
    ...(s.refusal ? { refusal: s.refusal } : {}),
  })),
};

/** The table as GET /__sandbox/scenarios serves it. Built once. */
export const scenariosDocument = (): ScenariosDocument => SCENARIOS_DOCUMENT;
