import { describe, expect, it, vi } from 'vitest';
import { backoff, decideRetry, parseRetryAfter, resolveRetryOptions } from '../src/retry.js';
import {
  KlaviApiError,
  KlaviIdempotencyConflictError,
  KlaviNetworkError,
  KlaviTimeoutError,
  type KlaviClientEvent,
} from '../src/index.js';
import { clientFor, errorBody, FakeApi, json, specExample } from './support/fake-api.js';

const STATUS = '/payment/customer/v1/instant/payments/{id}/status';
const STATUS_P1 = '/payment/customer/v1/instant/payments/p1/status';
const CREATE = '/payment/customer/v1/instant/payments';
const CANCEL = '/payment/customer/v1/instant/payments/{id}/cancel';
const CANCEL_P1 = '/payment/customer/v1/instant/payments/p1/cancel';

const unavailable = () => json(503, errorBody(503, 'Service Unavailable', 'try later'));

/** Answers with `failures` in turn, then with `success` forever. */
function sequence(failures: Array<() => Response | Promise<Response>>, success: () => Response) {
  return (_: unknown, call: number) => (failures[call - 1] ?? success)();
}

describe('retry: which failures are retried', () => {
  it.each([429, 502, 503, 504])('retries a GET answered %i, then returns the success', async (status) => {
    const ok = await specExample('InstantPaymentStatusResponse');
    const api = new FakeApi().route(
      'GET',
      STATUS_P1,
      sequence([() => json(status, errorBody(status, 'x', 'y'))], () => json(200, ok)),
    );
    const { data, response } = await clientFor(api).GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(response.status).toBe(200);
    expect(data).toEqual(ok);
    expect(api.count('GET', STATUS_P1)).toBe(2);
  });

  it.each([400, 404, 409, 422, 500])('does not retry %i', async (status) => {
    const api = new FakeApi().route('GET', STATUS_P1, () => json(status, errorBody(status, 'x', 'y')));
    const { error } = await clientFor(api).GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(error?.status).toBe(status);
    expect(error?.attempts).toBe(1);
    expect(api.count('GET', STATUS_P1)).toBe(1);
  });

  it('retries network errors', async () => {
    const ok = await specExample('InstantPaymentStatusResponse');
    const api = new FakeApi().route(
      'GET',
      STATUS_P1,
      sequence(
        [() => Promise.reject(new TypeError('fetch failed')), () => Promise.reject(new TypeError('fetch failed'))],
        () => json(200, ok),
      ),
    );
    const { response } = await clientFor(api).GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(response.status).toBe(200);
    expect(api.count('GET', STATUS_P1)).toBe(3);
  });

  it('stops after maxAttempts and reports the last answer with the attempt count', async () => {
    const api = new FakeApi().route('GET', STATUS_P1, unavailable);
    const { error } = await clientFor(api, { retry: { maxAttempts: 3, baseDelayMs: 1 } }).GET(STATUS, {
      params: { path: { id: 'p1' } },
    });
    expect(error).toBeInstanceOf(KlaviApiError);
    expect(error?.status).toBe(503);
    expect(error?.attempts).toBe(3);
    expect(api.count('GET', STATUS_P1)).toBe(3);
  });

  it('throws KlaviNetworkError when every attempt fails to connect', async () => {
    const api = new FakeApi().route('GET', STATUS_P1, () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })),
    );
    const call = clientFor(api, { retry: { maxAttempts: 2, baseDelayMs: 1 } }).GET(STATUS, {
      params: { path: { id: 'p1' } },
    });
    await expect(call).rejects.toBeInstanceOf(KlaviNetworkError);
    await expect(clientFor(api, { retry: false }).GET(STATUS, { params: { path: { id: 'p1' } } })).rejects.toThrow(
      /getInstantPaymentStatus: no response after 1 attempt\(s\): fetch failed \(ECONNREFUSED\)/,
    );
  });

  it('sends once when retries are off', async () => {
    const api = new FakeApi().route('GET', STATUS_P1, unavailable);
    const { error } = await clientFor(api, { retry: false }).GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(error?.status).toBe(503);
    expect(api.count('GET', STATUS_P1)).toBe(1);
  });
});

describe('retry: unsafe operations', () => {
  const cancel = { cancelledBy: '11111111111', identifierType: 'CPF' } as const;

  it('replays a cancel refused with 429, which the server did not process', async () => {
    const api = new FakeApi().route(
      'POST',
      CANCEL_P1,
      sequence([() => json(429, errorBody(429, 'Too Many Requests', 'slow down'), { 'retry-after': '0' })], () =>
        json(200, {}),
      ),
    );
    const { response } = await clientFor(api).POST(CANCEL, { params: { path: { id: 'p1' } }, body: cancel });
    expect(response.status).toBe(200);
    expect(api.count('POST', CANCEL_P1)).toBe(2);
  });

  it.each([502, 503, 504])('does not replay a cancel answered %i, which may have been processed', async (status) => {
    const api = new FakeApi().route('POST', CANCEL_P1, () => json(status, errorBody(status, 'x', 'y')));
    const { error } = await clientFor(api).POST(CANCEL, { params: { path: { id: 'p1' } }, body: cancel });
    expect(error?.status).toBe(status);
    expect(api.count('POST', CANCEL_P1)).toBe(1);
  });

  it('does not replay a cancel after a network error', async () => {
    const api = new FakeApi().route('POST', CANCEL_P1, () => Promise.reject(new TypeError('fetch failed')));
    await expect(clientFor(api).POST(CANCEL, { params: { path: { id: 'p1' } }, body: cancel })).rejects.toBeInstanceOf(
      KlaviNetworkError,
    );
    expect(api.count('POST', CANCEL_P1)).toBe(1);
  });
});

describe('retry: creates and idempotency', () => {
  it('replays a create with the very same body, so the same clientRequestId', async () => {
    const body = await specExample('InstantPaymentPixManuRequest');
    const created = await specExample('InstantPaymentCreated');
    const api = new FakeApi().route(
      'POST',
      CREATE,
      sequence([unavailable, () => Promise.reject(new TypeError('fetch failed'))], () => json(200, created)),
    );
    const { data } = await clientFor(api).POST(CREATE, { body });
    expect(data).toEqual(created);
    const sent = api.requests.filter((r) => r.path === CREATE);
    expect(sent).toHaveLength(3);
    for (const request of sent) expect(request.body).toEqual(body);
  });

  it('turns a 409 after an unanswered attempt into KlaviIdempotencyConflictError', async () => {
    const body = await specExample('InstantPaymentPixManuRequest');
    const api = new FakeApi().route(
      'POST',
      CREATE,
      sequence([() => json(504, errorBody(504, 'Gateway Timeout', 'upstream timed out'))], () =>
        json(409, errorBody(409, 'Conflict', 'clientRequestId has already been used')),
      ),
    );
    const { error } = await clientFor(api).POST(CREATE, { body });
    expect(error).toBeInstanceOf(KlaviIdempotencyConflictError);
    const conflict = error as KlaviIdempotencyConflictError;
    expect(conflict.status).toBe(409);
    expect(conflict.clientRequestId).toBe(body.clientRequestId);
    expect(conflict.earlierFailure).toBe('504');
    expect(conflict.attempts).toBe(2);
    expect(conflict.message).toContain(`clientRequestId "${body.clientRequestId}" was already used`);
    expect(conflict.message).toContain('Fetch the existing resource instead of creating it again');
  });

  it('finds the idempotency key where the link body nests it', async () => {
    const body = await specExample('InstantPaymentLinkRequest');
    const api = new FakeApi().route(
      'POST',
      '/payment/customer/v1/instant/payment-links',
      sequence([() => Promise.reject(new TypeError('socket hang up'))], () =>
        json(409, errorBody(409, 'Conflict', 'used')),
      ),
      { auth: false },
    );
    const { error } = await clientFor(api).POST('/payment/customer/v1/instant/payment-links', { body });
    expect(error).toBeInstanceOf(KlaviIdempotencyConflictError);
    expect((error as KlaviIdempotencyConflictError).clientRequestId).toBe(body.payment.clientRequestId);
    expect((error as KlaviIdempotencyConflictError).earlierFailure).toBe('network error');
  });

  it('keeps a first-attempt 409 a plain conflict', async () => {
    const body = await specExample('InstantPaymentPixManuRequest');
    const api = new FakeApi().route('POST', CREATE, () => json(409, errorBody(409, 'Conflict', 'used')));
    const { error } = await clientFor(api).POST(CREATE, { body });
    expect(error).not.toBeInstanceOf(KlaviIdempotencyConflictError);
    expect(error?.body?.message).toBe('used');
  });
});

describe('retry: timing', () => {
  it('waits Retry-After seconds before the replay', async () => {
    const ok = await specExample('InstantPaymentStatusResponse');
    const events: KlaviClientEvent[] = [];
    const api = new FakeApi().route(
      'GET',
      STATUS_P1,
      sequence([() => json(429, errorBody(429, 'Too Many Requests', 'slow'), { 'retry-after': '1' })], () =>
        json(200, ok),
      ),
    );
    const started = performance.now();
    await clientFor(api, { logger: (e) => events.push(e) }).GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      operationId: 'getInstantPaymentStatus',
      attempt: 1,
      delayMs: 1000,
      reason: '429, Retry-After 1 s',
    });
  });

  it('returns a 429 whose Retry-After is longer than maxRetryAfterMs instead of waiting', async () => {
    const api = new FakeApi().route('GET', STATUS_P1, () =>
      json(429, errorBody(429, 'Too Many Requests', 'slow'), { 'retry-after': '120' }),
    );
    const { error } = await clientFor(api).GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(error?.status).toBe(429);
    expect(error?.response.headers.get('retry-after')).toBe('120');
    expect(api.count('GET', STATUS_P1)).toBe(1);
  });

  it('times each attempt out with timeoutMs and cancels it through the signal the fetch is given', async () => {
    const cancelled: unknown[] = [];
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_, reject) =>
        signal.addEventListener('abort', () => {
          cancelled.push(signal.reason);
          reject(signal.reason);
        }),
      );
    const api = new FakeApi();
    const client = clientFor(api, {
      timeoutMs: 30,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      fetch: (request, init) => (request.url.endsWith('/status') ? hang(init.signal) : api.fetch(request)),
    });
    const call = client.GET(STATUS, { params: { path: { id: 'p1' } } });
    await expect(call).rejects.toBeInstanceOf(KlaviTimeoutError);
    await expect(call).rejects.toThrow('getInstantPaymentStatus: no response within 30 ms, 2 attempt(s)');
    expect(cancelled).toHaveLength(2);
    expect(cancelled[0]).toMatchObject({ name: 'TimeoutError', message: 'no response within 30 ms' });
  });

  it('times an attempt out even when the fetch ignores the signal', async () => {
    const api = new FakeApi();
    let attempts = 0;
    const client = clientFor(api, {
      timeoutMs: 30,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      fetch: (request) => {
        if (!request.url.endsWith('/status')) return api.fetch(request);
        attempts++;
        return new Promise<Response>(() => {});
      },
    });
    const call = client.GET(STATUS, { params: { path: { id: 'p1' } } });
    await expect(call).rejects.toBeInstanceOf(KlaviTimeoutError);
    await expect(call).rejects.toThrow('getInstantPaymentStatus: no response within 30 ms, 2 attempt(s)');
    expect(attempts).toBe(2);
  });

  it('stops at once when the caller aborts, even when the fetch ignores the signal', async () => {
    const api = new FakeApi();
    const controller = new AbortController();
    const client = clientFor(api, {
      timeoutMs: 60_000,
      fetch: (request) => (request.url.endsWith('/status') ? new Promise<Response>(() => {}) : api.fetch(request)),
    });
    const call = client.GET(STATUS, { params: { path: { id: 'p1' } }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 20);
    await expect(call).rejects.toThrow('user cancelled');
  });

  it("sends the caller's signal to the fetch with the attempt's deadline", async () => {
    const api = new FakeApi().route('GET', STATUS_P1, async () =>
      json(200, await specExample('InstantPaymentStatusResponse')),
    );
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const client = clientFor(api, {
      fetch: (request, init) => {
        seen.push(init.signal);
        return api.fetch(request);
      },
    });
    await client.GET(STATUS, { params: { path: { id: 'p1' } }, signal: controller.signal });
    const signal = seen.at(-1)!;
    expect(signal.aborted).toBe(false);
    controller.abort(new Error('user cancelled'));
    expect(signal.reason).toEqual(new Error('user cancelled'));
  });

  it('stops at once when the caller aborts, without further attempts', async () => {
    const api = new FakeApi().route('GET', STATUS_P1, unavailable);
    const controller = new AbortController();
    const client = clientFor(api, { retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    const call = client.GET(STATUS, { params: { path: { id: 'p1' } }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(call).rejects.toThrow('user cancelled');
    expect(api.count('GET', STATUS_P1)).toBe(1);
  });
});

describe('retry: policy functions', () => {
  const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });

  it('backs off exponentially with equal jitter, capped at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoff(attempt, options))).toEqual([75, 150, 300, 600, 750, 750]);
    const low = resolveRetryOptions({ baseDelayMs: 100, random: () => 0 });
    const high = resolveRetryOptions({ baseDelayMs: 100, random: () => 0.999999 });
    expect(backoff(3, low)).toBe(200);
    expect(backoff(3, high)).toBe(400);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('never retries past maxAttempts', () => {
    const outcome = { kind: 'network', error: new Error('x') } as const;
    expect(decideRetry('safe', outcome, 3, resolveRetryOptions({ maxAttempts: 4 }))).toMatchObject({ retry: true });
    expect(decideRetry('safe', outcome, 4, resolveRetryOptions({ maxAttempts: 4 }))).toEqual({ retry: false });
  });

  it('rejects nonsensical options, naming the field', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(
      'retry.maxAttempts must be a finite number >= 1, got 0',
    );
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow('retry.baseDelayMs');
  });
});

describe('retry: answers after which the work may have been done', () => {
  it.each([429, 502, 503, 504])(
    'a create answered %i, then 409 on the replay, is a KlaviIdempotencyConflictError',
    async (status) => {
      const api = new FakeApi().route(
        'POST',
        CREATE,
        sequence([() => json(status, errorBody(status, 'x', 'y'))], () =>
          json(409, errorBody(409, 'Conflict', 'clientRequestId has already been used')),
        ),
      );
      const body = { ...(await specExample('InstantPaymentPixManuRequest')), clientRequestId: `ambiguous-${status}` };
      const { error } = await clientFor(api, { retry: { maxAttempts: 2, baseDelayMs: 1 } }).POST(CREATE, {
        body: body as never,
      });
      expect(error).toBeInstanceOf(KlaviIdempotencyConflictError);
      expect(error).toMatchObject({ clientRequestId: `ambiguous-${status}`, earlierFailure: String(status) });
    },
  );
});

describe('transport: one Request per attempt, and deadlines that end with the call', () => {
  it('sends the Request openapi-fetch built on the first attempt, with the token on it', async () => {
    const api = new FakeApi().route('POST', CREATE, () => json(200, { id: 'p1' }));
    const seen: Request[] = [];
    const client = clientFor(api, {
      fetch: (request) => {
        seen.push(request);
        return api.fetch(request);
      },
    });
    const built: Request[] = [];
    client.use({ onRequest: ({ request }) => void built.push(request) });
    await client.POST(CREATE, {
      body: { ...(await specExample('InstantPaymentPixManuRequest')), clientRequestId: 'one-request' } as never,
    });
    const create = seen.find((r) => r.url.endsWith(CREATE))!;
    expect(create).toBe(built[0]);
    expect(api.requests.find((r) => r.path === CREATE)!.headers.get('authorization')).toMatch(/^Bearer /);
  });

  it('takes the token off that Request again before middleware sees the response', async () => {
    const api = new FakeApi().route('POST', CREATE, () => json(200, { id: 'p1' }));
    const client = clientFor(api);
    const seenByMiddleware: Array<string | null> = [];
    client.use({ onResponse: ({ request }) => void seenByMiddleware.push(request.headers.get('authorization')) });
    await client.POST(CREATE, {
      body: { ...(await specExample('InstantPaymentPixManuRequest')), clientRequestId: 'no-token-leak' } as never,
    });
    expect(api.requests.find((r) => r.path === CREATE)!.headers.get('authorization')).toMatch(/^Bearer /);
    expect(seenByMiddleware).toEqual([null]);
  });

  it('replays the body as it was serialised, also when a serialiser gives something other than a string', async () => {
    const api = new FakeApi().route(
      'POST',
      CREATE,
      sequence([unavailable], () => json(200, { id: 'p1' })),
    );
    const body = { ...(await specExample('InstantPaymentPixManuRequest')), clientRequestId: 'blob-body' };
    const client = clientFor(api, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await client.POST(CREATE, {
      body: body as never,
      bodySerializer: (value: unknown) => new Blob([JSON.stringify(value)]),
    } as never);
    const sent = api.requests.filter((r) => r.path === CREATE);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toEqual(body);
    expect(sent[0]!.body).toEqual(body);
  });

  it('leaves no timer behind once a call has ended', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const api = new FakeApi().route('GET', STATUS_P1, async () =>
        json(200, await specExample('InstantPaymentStatusResponse')),
      );
      const client = clientFor(api, { timeoutMs: 60_000 });
      for (let i = 0; i < 3; i++) await client.GET(STATUS, { params: { path: { id: 'p1' } } });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['errors the body through the signal', true],
    ['ignores the signal', false],
  ])(
    'bounds a body that stalls after the headers: a timed-out attempt, retried as one, then KlaviTimeoutError, from a fetch that %s',
    async (_, honours) => {
      const api = new FakeApi();
      let aborted = false;
      const stalled = (signal: AbortSignal) => {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":'));
            signal.addEventListener('abort', () => {
              aborted = true;
              if (honours) controller.error(signal.reason);
            });
          },
        });
        return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
      };
      let reads = 0;
      const client = clientFor(api, {
        timeoutMs: 50,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        fetch: (request, init) => {
          if (!request.url.endsWith('/status')) return api.fetch(request);
          reads++;
          return stalled(init.signal);
        },
      });
      const call = client.GET(STATUS, { params: { path: { id: 'p1' } } });
      await expect(call).rejects.toBeInstanceOf(KlaviTimeoutError);
      await expect(call).rejects.toThrow('getInstantPaymentStatus: no response within 50 ms, 2 attempt(s)');
      expect(reads).toBe(2);
      expect(aborted).toBe(true);
    },
  );

  it("stops the attempt's clock once the answer is whole: slow middleware after it is not the server's time", async () => {
    const api = new FakeApi().route('GET', STATUS_P1, async () =>
      json(200, await specExample('InstantPaymentStatusResponse')),
    );
    const client = clientFor(api, { timeoutMs: 50 });
    client.use({
      async onResponse() {
        await new Promise((resolve) => setTimeout(resolve, 150));
      },
    });
    const { data, response } = await client.GET(STATUS, { params: { path: { id: 'p1' } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBeDefined();
    expect(api.count('GET', STATUS_P1)).toBe(1);
  });

  it.each([
    ['errors the body through the signal', true],
    ['ignores the signal', false],
  ])('bounds a token answer whose body stalls, from a fetch that %s', async (_, honours) => {
    const api = new FakeApi();
    const stalled = (signal: AbortSignal) => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"accessToken":'));
          signal.addEventListener('abort', () => honours && controller.error(signal.reason));
        },
      });
      return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
    };
    const client = clientFor(api, {
      timeoutMs: 50,
      fetch: (request, init) => (request.url.endsWith('/auth') ? stalled(init.signal) : api.fetch(request)),
    });
    const call = client.GET(STATUS, { params: { path: { id: 'p1' } } });
    await expect(call).rejects.toBeInstanceOf(KlaviTimeoutError);
    await expect(call).rejects.toThrow('createCustomerAccessToken: no response within 50 ms');
  });
});
