// What a server offers beyond the API, found by asking. Our sandbox simulator has a clock that
// can be advanced, a published table of scenario amounts (GET /__sandbox/scenarios, JSON with
// a JSON Schema) and a list of the answers it gives on request (GET /__sandbox/answers, for
// `Prefer: code=NNN`); a real server has none of them, and the run then waits in real time and skips the
// steps that need a scenario (a payment made to fail). The table is read as data, never parsed
// from prose.

export interface ServerControl {
  /** True when the server's clock can be moved forward (the simulator's control endpoint). */
  readonly clock: boolean;
  /** Amount cents the server gives a special meaning (e.g. ".01" → rejected); empty when none are published. */
  readonly scenarioCents: ReadonlySet<string>;
  /** The cents that make a payment end PAYMENT_REJECTED, when the server publishes one. */
  readonly rejectCents: string | undefined;
  /**
   * The statuses each operation answers on request (`Prefer: code=NNN`), as the server lists them at
   * GET /__sandbox/answers; undefined when it gives no answers on request (a real server).
   */
  readonly answers: ReadonlyMap<string, ReadonlySet<number>> | undefined;
  advance(ms: number): Promise<void>;
  /** The server's time: its control clock when it has one, else ours. */
  now(): Promise<number>;
}

const CONTROL = '/__sandbox';

/** One published scenario, as GET /__sandbox/scenarios serves it. */
export interface ScenarioRow {
  id: string;
  cents: string[];
  field: 'amount' | 'paymentMethodConfig.maximumVariableAmount';
  summary: string;
  instant?: ScenarioPath;
  automatic?: ScenarioPath;
  consent?: ScenarioPath;
  refusal?: {
    status: number;
    businessCode?: number;
    initType?: string;
    firstAttemptOnly?: boolean;
    retryAfterSeconds?: number;
    message: string;
    creates: string[];
  };
}

export interface ScenarioPath {
  from: string;
  steps: Array<{ status: string; afterMs: number; reason?: string }>;
}

export interface ScenarioTable {
  scenarios: ScenarioRow[];
}

/** The rows of a served table that have the shape this reader relies on; anything else is ignored. */
export function readScenarioTable(document: unknown): ScenarioTable {
  const rows = (document as { scenarios?: unknown } | undefined)?.scenarios;
  if (!Array.isArray(rows)) return { scenarios: [] };
  const valid = rows.filter(
    (row): row is ScenarioRow =>
      row !== null &&
      typeof row === 'object' &&
      typeof row.id === 'string' &&
      Array.isArray(row.cents) &&
      row.cents.every((c: unknown) => typeof c === 'string' && /^\.\d\d$/.test(c)),
  );
  return { scenarios: valid };
}

/** The cents of the first amount scenario whose recurring payment ends PAYMENT_REJECTED. */
export const rejectCentsOf = (table: ScenarioTable): string | undefined =>
  table.scenarios.find((row) => row.field === 'amount' && row.automatic?.steps.at(-1)?.status === 'PAYMENT_REJECTED')
    ?.cents[0];

/** The statuses per operation of a served answers list, or undefined when it is not one. */
export function readAnswers(document: unknown): ReadonlyMap<string, ReadonlySet<number>> | undefined {
  const operations = (document as { operations?: unknown } | undefined)?.operations;
  if (!Array.isArray(operations)) return undefined;
  const answers = new Map<string, ReadonlySet<number>>();
  for (const entry of operations) {
    const { operationId, statuses } = (entry ?? {}) as { operationId?: unknown; statuses?: unknown };
    if (typeof operationId !== 'string' || !Array.isArray(statuses)) continue;
    answers.set(operationId, new Set(statuses.filter((s): s is number => Number.isInteger(s))));
  }
  return answers;
}

/** `fetchImpl` must bound its own requests (the run's BoundedTransport does). */
export async function detectControl(
  baseUrl: string,
  fetchImpl: typeof fetch,
): Promise<{ control: ServerControl; scenarios: ScenarioTable }> {
  let unanswered = false;
  const get = async (path: string): Promise<unknown> => {
    try {
      const response = await fetchImpl(`${baseUrl}${CONTROL}${path}`);
      return response.ok && /json/.test(response.headers.get('content-type') ?? '') ? await response.json() : undefined;
    } catch {
      unanswered = true;
      return undefined;
    }
  };
  // One after the other: Node's fetch can leave one of two concurrent requests pending forever when
  // the server resets both connections at connect (seen with Node 20's undici); the certifier sends
  // one request at a time everywhere for that reason, and its transport bounds every wait anyway.
  const clock = await get('/clock');
  // A server that did not answer the first question will not answer the second: do not wait twice.
  const published = unanswered ? undefined : await get('/scenarios');
  const scenarios = readScenarioTable(published);
  const answers = unanswered ? undefined : readAnswers(await get('/answers'));
  const control: ServerControl = {
    clock: clock !== undefined,
    scenarioCents: new Set(scenarios.scenarios.flatMap((row) => row.cents)),
    rejectCents: rejectCentsOf(scenarios),
    answers,
    async now() {
      const reading = clock === undefined ? undefined : ((await get('/clock')) as { now?: string } | undefined);
      const parsed = reading?.now ? Date.parse(reading.now) : NaN;
      return Number.isFinite(parsed) ? parsed : Date.now();
    },
    async advance(ms: number) {
      if (clock === undefined) return;
      await fetchImpl(`${baseUrl}${CONTROL}/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds: ms / 1000 }),
      });
    },
  };
  return { control, scenarios };
}

/**
 * How far one wait may move the server's clock: far past the longest documented path (a handful
 * of statuses, one per server second), and short enough that the waits of a whole run stay within
 * a token's lifetime (3600 s), so that no token expires because a server never settled.
 */
export const MAX_TICKS_PER_WAIT = 300;

/**
 * Runs `wait` while moving the server's clock forward a second at a time, so that a payment that
 * settles one status per server second is followed in milliseconds. Without a clock it just waits.
 */
export async function whileTimePasses<T>(control: ServerControl, wait: () => Promise<T>): Promise<T> {
  if (!control.clock) return wait();
  let done = false;
  const ticker = (async () => {
    for (let tick = 0; !done; tick++) {
      if (tick >= MAX_TICKS_PER_WAIT) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      // A clock that stops answering (or a run that stopped) ends the ticking, not the wait: the
      // wait has its own deadline, and a rejection here would have no one listening yet.
      try {
        await control.advance(1000);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    return await wait();
  } finally {
    done = true;
    await ticker;
  }
}
