// Delivers payment events to each app's webhook URL as Klavi's delivery policy says (D-50): signed
// over the exact bytes sent, a 2xx acknowledges, anything else (or nothing within the timeout) is a
// failure, resent up to `retries` times with exponential backoff from `baseDelayMs`, following at
// most `maxRedirects` redirects. Events go out one at a time per URL, in the order they happened,
// so a resource's events arrive in the order its status moved. Delivery never holds up the API
// answer that caused it: emitting only queues. The queue, the event list and the attempt log are
// bounded, so a receiver that is down or slow cannot grow the sandbox's memory.
import { signatureOf } from './signature.js';
import type { PaymentEvent } from './envelope.js';

export interface DeliveryPolicy {
  /** How long one attempt may take, headers and body. Documented: 10 s. */
  readonly timeoutMs: number;
  /** Resends after the first attempt. Documented: 5. */
  readonly retries: number;
  /** The wait before the first resend, doubled for each next one. Documented: 250 ms. */
  readonly baseDelayMs: number;
  /** Redirects followed. Documented: 3. */
  readonly maxRedirects: number;
}

export const KLAVI_DELIVERY_POLICY: DeliveryPolicy = {
  timeoutMs: 10_000,
  retries: 5,
  baseDelayMs: 250,
  maxRedirects: 3,
};

/** Events waiting to go out, over every URL: past it, the oldest waiting is dropped and logged. */
export const MAX_QUEUED = 10_000;
/** Events kept for GET /__sandbox/webhooks/events and resends. */
export const MAX_EVENTS = 1_000;
/** Attempts kept in the delivery log. */
export const MAX_LOG = 2_000;

export interface DeliveryAttempt {
  readonly eventId: string;
  readonly eventName: string;
  readonly url: string;
  /** 1 for the first delivery, 2 for the first resend… */
  readonly attempt: number;
  /** When it was sent (wall clock, ISO 8601). */
  readonly sentAt: string;
  /** The receiver's final status, after any redirects; null when none came. */
  readonly status: number | null;
  readonly error?: string;
  readonly latencyMs: number;
  /** `acknowledged`, `retrying` (the next attempt follows `nextDelayMs` later), `failed` (no more attempts), `dropped`. */
  readonly outcome: 'acknowledged' | 'retrying' | 'failed' | 'dropped';
  readonly nextDelayMs?: number;
}

export interface StoredEvent {
  readonly event: PaymentEvent;
  /** The body as sent, byte for byte. */
  readonly body: string;
  readonly url: string | null;
  delivered: boolean;
}

interface Pending {
  readonly stored: StoredEvent;
  readonly url: string;
  /** Its key in the data file, in queue order. */
  readonly key: string;
}

/** Where queued deliveries are kept across a restart (the `--data` file), if anywhere. */
export interface OutboxStore {
  put(key: string, entry: QueuedEntry): void;
  remove(key: string): void;
}

/** A queued delivery as the data file keeps it. */
export interface QueuedEntry {
  readonly url: string;
  readonly body: string;
}

export interface OutboxOptions {
  /** The webhook URL of an app, or undefined when it has none. */
  urlOf(appId: string): string | undefined;
  /** The key an app's events are signed with (its Customer secretKey). */
  secretOf(appId: string): string | undefined;
  policy?: Partial<DeliveryPolicy>;
  fetch?: typeof fetch;
  /** Told of each attempt, for the log line of a request. */
  log?: (line: string) => void;
  store?: OutboxStore;
}

export class EventOutbox {
  readonly policy: DeliveryPolicy;
  readonly #options: OutboxOptions;
  readonly #fetch: typeof fetch;
  /** Per URL, the events still to send, oldest first. */
  readonly #queues = new Map<string, Pending[]>();
  readonly #busy = new Set<string>();
  readonly #events: StoredEvent[] = [];
  readonly #log: DeliveryAttempt[] = [];
  readonly #inFlight = new Set<AbortController>();
  readonly #waits = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  #queued = 0;
  #closed = false;
  /** Gives each queued delivery a key that sorts in queue order, across restarts. */
  #next = 0;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.policy = { ...KLAVI_DELIVERY_POLICY, ...options.policy };
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Keeps `event` and queues it for its app's URL, if it has one. Never waits. */
  emit(event: PaymentEvent): StoredEvent {
    const url = this.#options.urlOf(event.partnerAppId) ?? null;
    const stored: StoredEvent = { event, body: JSON.stringify(event), url, delivered: false };
    this.#events.push(stored);
    if (this.#events.length > MAX_EVENTS) this.#events.shift();
    if (url) this.#enqueue(stored, url);
    return stored;
  }

  /**
   * Queues again what a data file kept from an earlier run, in its order (keys from `#enqueue`);
   * an entry that cannot be read is dropped from the file and logged.
   */
  restore(entries: ReadonlyArray<{ key: string; value: unknown }>): void {
    for (const { key, value } of entries) {
      const entry = value as Partial<QueuedEntry> | null;
      let event: PaymentEvent | undefined;
      try {
        event = typeof entry?.body === 'string' ? (JSON.parse(entry.body) as PaymentEvent) : undefined;
      } catch {
        event = undefined;
      }
      const counter = Number.parseInt(key, 10);
      if (Number.isSafeInteger(counter)) this.#next = Math.max(this.#next, counter + 1);
      if (!event || typeof entry?.url !== 'string' || typeof event.eventId !== 'string') {
        this.#options.store?.remove(key);
        this.#options.log?.(`webhook outbox: dropped an unreadable entry ${key} of the data file`);
        continue;
      }
      // To the app's URL as configured now (it may have moved since), else where it was going.
      const url = this.#options.urlOf(event.partnerAppId) ?? entry.url;
      const stored: StoredEvent = { event, body: entry.body!, url, delivered: false };
      this.#events.push(stored);
      if (this.#events.length > MAX_EVENTS) this.#events.shift();
      this.#enqueue(stored, url, key);
    }
  }

  /** Sends a kept event again, now, as a new delivery (the same eventId and body). */
  resend(eventId: string): StoredEvent | undefined {
    const stored = this.#events.find((e) => e.event.eventId === eventId);
    if (!stored?.url) return stored;
    this.#enqueue(stored, stored.url);
    return stored;
  }

  events(): readonly StoredEvent[] {
    return this.#events;
  }

  attempts(): readonly DeliveryAttempt[] {
    return this.#log;
  }

  /** Events waiting to go out, in every queue. */
  get queued(): number {
    return this.#queued;
  }

  /** Stops sending: what is in flight is aborted, waits end, the queues are dropped. */
  close(): void {
    this.#closed = true;
    for (const controller of this.#inFlight) controller.abort();
    for (const wait of this.#waits) {
      clearTimeout(wait.timer);
      wait.done();
    }
    this.#queues.clear();
    this.#queued = 0;
  }

  #enqueue(stored: StoredEvent, url: string, restoredKey?: string): void {
    if (this.#closed) return;
    const key = restoredKey ?? `${String(this.#next++).padStart(16, '0')}:${stored.event.eventId}`;
    const pending: Pending = { stored, url, key };
    if (restoredKey === undefined) this.#options.store?.put(key, { url, body: stored.body });
    if (this.#queued >= MAX_QUEUED) this.#dropOldest();
    let queue = this.#queues.get(pending.url);
    if (!queue) {
      queue = [];
      this.#queues.set(pending.url, queue);
    }
    queue.push(pending);
    this.#queued++;
    if (!this.#busy.has(pending.url)) void this.#drain(pending.url);
  }

  #dropOldest(): void {
    const [url, queue] = [...this.#queues].find(([, q]) => q.length > 0) ?? [];
    const dropped = queue?.shift();
    if (!dropped || url === undefined) return;
    this.#queued--;
    this.#options.store?.remove(dropped.key);
    this.#record(dropped, 0, null, 0, 'dropped', `dropped: more than ${MAX_QUEUED} events were waiting`);
  }

  async #drain(url: string): Promise<void> {
    this.#busy.add(url);
    try {
      const queue = this.#queues.get(url) ?? [];
      while (!this.#closed && queue.length > 0) {
        const pending = queue.shift()!;
        this.#queued--;
        await this.#deliver(pending);
        // Acknowledged or given up on: no longer owed after a restart. Kept when the sandbox closed mid-delivery.
        if (!this.#closed) this.#options.store?.remove(pending.key);
      }
    } finally {
      this.#busy.delete(url);
    }
  }

  async #deliver(pending: Pending): Promise<void> {
    const { retries, baseDelayMs } = this.policy;
    for (let attempt = 1; attempt <= retries + 1 && !this.#closed; attempt++) {
      const started = performance.now();
      const sentAt = new Date().toISOString();
      const result = await this.#send(pending);
      // Closed meanwhile: nothing more is recorded or waited for (the data file keeps it owed).
      if (this.#closed) return;
      const latencyMs = Math.round(performance.now() - started);
      if (result.status !== null && result.status >= 200 && result.status < 300) {
        pending.stored.delivered = true;
        this.#record(pending, attempt, result.status, latencyMs, 'acknowledged', undefined, sentAt);
        return;
      }
      // A failure no resend can mend (no key to sign with) ends it at once.
      const last = attempt === retries + 1 || result.final === true;
      const delay = baseDelayMs * 2 ** (attempt - 1);
      this.#record(
        pending,
        attempt,
        result.status,
        latencyMs,
        last ? 'failed' : 'retrying',
        result.error,
        sentAt,
        last ? undefined : delay,
      );
      if (!last) await this.#wait(delay);
    }
  }

  /** One attempt: the POST, and the redirects it may follow. */
  async #send(pending: Pending): Promise<{ status: number | null; error?: string; final?: boolean }> {
    const secret = this.#options.secretOf(pending.stored.event.partnerAppId);
    if (secret === undefined)
      return {
        status: null,
        error: `app ${pending.stored.event.partnerAppId} has no secretKey to sign with`,
        final: true,
      };
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.policy.timeoutMs} ms`)),
      this.policy.timeoutMs,
    );
    try {
      let url = pending.url;
      for (let hop = 0; ; hop++) {
        const response = await this.#fetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: controller.signal,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'klavi-sandbox',
            'x-klavi-signature': signatureOf(pending.stored.body, secret),
            // The time of this delivery, so that a resend is not refused as stale (D-50).
            'x-klavi-timestamp': String(Math.floor(Date.now() / 1000)),
          },
          body: pending.stored.body,
        });
        // Read to the end within the timeout: a receiver's answer is not interesting, its end is.
        await response.arrayBuffer();
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          if (hop >= this.policy.maxRedirects)
            return { status: response.status, error: `more than ${this.policy.maxRedirects} redirects` };
          const next = new URL(location, url);
          // Only http(s): a `data:` URL would "answer" 200 without anything being delivered.
          if (next.protocol !== 'http:' && next.protocol !== 'https:')
            return { status: response.status, error: `a redirect to a ${next.protocol} URL, not followed` };
          url = next.href;
          continue;
        }
        return { status: response.status };
      }
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      return { status: null, error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(controller);
    }
  }

  #wait(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.#waits.delete(wait);
          resolve();
        }, ms),
        done: resolve,
      };
      this.#waits.add(wait);
    });
  }

  #record(
    pending: Pending,
    attempt: number,
    status: number | null,
    latencyMs: number,
    outcome: DeliveryAttempt['outcome'],
    error?: string,
    sentAt = new Date().toISOString(),
    nextDelayMs?: number,
  ): void {
    const { event } = pending.stored;
    const entry: DeliveryAttempt = {
      eventId: event.eventId,
      eventName: event.eventName,
      url: pending.url,
      attempt,
      sentAt,
      status,
      ...(error === undefined ? {} : { error }),
      latencyMs,
      outcome,
      ...(nextDelayMs === undefined ? {} : { nextDelayMs }),
    };
    this.#log.push(entry);
    if (this.#log.length > MAX_LOG) this.#log.shift();
    this.#options.log?.(
      `webhook ${event.eventName} ${event.eventId} → ${pending.url}: ${status ?? error} (${outcome}${nextDelayMs ? `, again in ${nextDelayMs} ms` : ''})`,
    );
  }
}
