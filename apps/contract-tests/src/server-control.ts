// What a server offers beyond the API, found by asking. Our sandbox simulator has a clock that
// can be advanced and a published table of scenario amounts; a real server has neither, and the
// run then waits in real time and skips the steps that need a scenario (a payment made to fail).

export interface ServerControl {
  /** True when the server's clock can be moved forward (the simulator's control endpoint). */
  readonly clock: boolean;
  /** Amount cents the server gives a special meaning (e.g. ".01" → rejected); empty when none are published. */
  readonly scenarioCents: ReadonlySet<string>;
  /** The cents that make a payment end PAYMENT_REJECTED, when the server publishes one. */
  readonly rejectCents: string | undefined;
  advance(ms: number): Promise<void>;
  /** The server's time: its control clock when it has one, else ours. */
  now(): Promise<number>;
}

const CONTROL = '/__sandbox';

interface ScenarioTable {
  amounts?: Array<{ cents: string; summary: string }>;
  consentMaximumVariableAmount?: Record<string, string>;
}

/** ".41 to .44" → .41 .42 .43 .44; ".01" → .01; ".00 and others" names the plain case, not a scenario. */
export function centsIn(text: string): string[] {
  const range = /^\.(\d\d) to \.(\d\d)$/.exec(text.trim());
  if (range) {
    const cents: string[] = [];
    for (let c = Number(range[1]); c <= Number(range[2]); c++) cents.push(`.${String(c).padStart(2, '0')}`);
    return cents;
  }
  return /^\.\d\d$/.test(text.trim()) ? [text.trim()] : [];
}

export async function detectControl(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<ServerControl> {
  const get = async (path: string): Promise<unknown> => {
    try {
      const response = await fetchImpl(`${baseUrl}${CONTROL}${path}`, { signal: AbortSignal.timeout(5000) });
      return response.ok && /json/.test(response.headers.get('content-type') ?? '') ? await response.json() : undefined;
    } catch {
      return undefined;
    }
  };
  const [clock, scenarios] = await Promise.all([get('/clock'), get('/scenarios') as Promise<ScenarioTable | undefined>]);
  const cents = new Set<string>();
  let rejectCents: string | undefined;
  for (const row of scenarios?.amounts ?? []) {
    for (const c of centsIn(row.cents)) {
      cents.add(c);
      if (!rejectCents && /PAYMENT_REJECTED/.test(row.summary)) rejectCents = c;
    }
  }
  for (const c of Object.keys(scenarios?.consentMaximumVariableAmount ?? {})) centsIn(c).forEach((x) => cents.add(x));
  return {
    clock: clock !== undefined,
    scenarioCents: cents,
    rejectCents,
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
}

/**
 * Runs `wait` while moving the server's clock forward a second at a time, so that a payment that
 * settles one status per server second is followed in milliseconds. Without a clock it just waits.
 */
export async function whileTimePasses<T>(control: ServerControl, wait: () => Promise<T>): Promise<T> {
  if (!control.clock) return wait();
  let done = false;
  const ticker = (async () => {
    while (!done) {
      await control.advance(1000);
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
