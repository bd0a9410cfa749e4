// The bounded transport under every request of a run, and the names it gives transport failures.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BoundedTransport, responseOf } from '../src/transport/bounded-transport.js';
import { describeFailure, TransportFailure } from '../src/transport/failure.js';
import { RunStop } from '../src/transport/run-stop.js';
import { quote } from '../src/quote.js';

const LIMITS = { requestTimeoutMs: 100, maxResponseBytes: 1024 };
const transport = (fetchImpl: typeof fetch, stop = new RunStop()) => new BoundedTransport(fetchImpl, stop, LIMITS);
const request = () => new Request('http://server.test/x');
const failureOf = async (pending: Promise<unknown>): Promise<TransportFailure> => {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportFailure);
  return error as TransportFailure;
};
/** A body that sends `first` and then never ends. */
const stalling = (first: string) =>
  new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode(first)) });

describe('BoundedTransport', () => {
  it('ends a fetch that never settles and ignores its signal, at the request deadline', async () => {
    const failure = await failureOf(transport(() => new Promise(() => {})).send(request()));
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe(
      'timed out: no response headers arrived within the request timeout of 0.1 s (--request-timeout)',
    );
  });

  it('bounds the body too, and keeps the status and what had arrived', async () => {
    const failure = await failureOf(
      transport(async () => new Response(stalling('{"a":'), { status: 201 })).send(request()),
    );
    expect(failure.message).toBe(
      'timed out: the body was not complete (5 bytes had arrived) within the request timeout of 0.1 s (--request-timeout)',
    );
    expect(failure.partial?.status).toBe(201);
    expect(new TextDecoder().decode(failure.partial?.received)).toBe('{"a":');
  });

  it('refuses a body over the cap, announced or not', async () => {
    const announced = await failureOf(
      transport(async () => new Response('x', { headers: { 'content-length': '4096' } })).send(request()),
    );
    expect(announced.message).toMatch(/its Content-Length announces 4096 bytes, over the cap of 1024/);
    const streamed = await failureOf(transport(async () => new Response('x'.repeat(2000))).send(request()));
    expect(streamed.kind).toBe('too-large');
    expect(streamed.message).toMatch(/more than 1024 bytes/);
  });

  it('hands on a complete answer, read whole, and asks the fetch not to follow redirects', async () => {
    let redirect: RequestRedirect | undefined;
    const answer = await transport(async (_input, init) => {
      redirect = init?.redirect;
      return new Response('{"ok":true}', { status: 200 });
    }).send(request());
    expect(new TextDecoder().decode(answer.body)).toBe('{"ok":true}');
    expect(redirect).toBe('manual');
    expect(await responseOf(answer).json()).toEqual({ ok: true });
    expect(responseOf({ ...answer, status: 204, body: new Uint8Array() }).body).toBeNull();
  });

  it('once the run stops, aborts what is in flight and sends nothing more', async () => {
    const stop = new RunStop();
    let sent = 0;
    const hang = () => {
      sent++;
      return new Promise<Response>(() => {});
    };
    const t = new BoundedTransport(hang, stop, {
      requestTimeoutMs: 60_000,
      maxResponseBytes: 1024,
    });
    const inFlight = t.send(request());
    stop.stop('the run took longer than its --max-time of 1 s');
    expect((await failureOf(inFlight)).message).toBe('not completed: the run took longer than its --max-time of 1 s');
    expect((await failureOf(t.send(request()))).kind).toBe('run-stopped');
    expect(sent).toBe(1);
  });

  it('the caller giving up ends the request, named as such', async () => {
    const caller = new AbortController();
    const pending = transport(() => new Promise(() => {})).send(request(), caller.signal);
    caller.abort(new DOMException('no response within 50 ms', 'TimeoutError'));
    const failure = await failureOf(pending);
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toBe('the caller gave up on the request: no response within 50 ms');
  });
});

describe('who gave a request up', () => {
  it('the caller: the failure says so, for the checks to leave the server out of it', async () => {
    const caller = new AbortController();
    const pending = transport(() => new Promise(() => {})).send(request(), caller.signal);
    caller.abort(new DOMException('the wait ran out after 50 ms', 'TimeoutError'));
    expect((await failureOf(pending)).byCaller).toBe(true);
  });

  it('a refused connection is not the caller giving up', async () => {
    const refused = transport(() => Promise.reject(new TypeError('fetch failed'))).send(request());
    expect((await failureOf(refused)).byCaller).toBe(false);
  });
});

describe('RunStop', () => {
  it('stops at its deadline with the reason, and a deliberate wait moves the deadline later', async () => {
    const stop = new RunStop();
    stop.deadline(60, 'the run took longer than its --max-time of 0.06 s');
    stop.extend(120);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stop.stopped).toBe(false);
    expect(await stop.whenStopped).toBe('the run took longer than its --max-time of 0.06 s');
    stop.dispose();
  });

  it('refuses a deadline setTimeout would fire at once', () => {
    expect(() => new RunStop().deadline(2 ** 31, 'x')).toThrow(RangeError);
  });
});

describe('quote', () => {
  it('clips a large answer to a short string of its own', () => {
    const text = quote({ pad: 'x'.repeat(2 * 1024 * 1024) });
    expect(text.length).toBe(601);
    expect(text.endsWith('…')).toBe(true);
    expect(quote({ a: 1 })).toBe('{"a":1}');
  });
});

describe('describeFailure', () => {
  const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
  const named = (cause: object, phase: 'headers' | 'body' = 'headers', detail = {}) =>
    describeFailure(fetchFailed(cause), phase, detail);

  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'refused', /refused \(ECONNREFUSED\)/],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x.invalid' }, 'dns', /could not be resolved \(ENOTFOUND\)/],
    [
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number\nmore' },
      'tls',
      /TLS handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER\): wrong version number$/,
    ],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'tls', /DEPTH_ZERO_SELF_SIGNED_CERT/],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'reset', /reset \(ECONNRESET\) before any response arrived/],
    [
      { code: 'UND_ERR_SOCKET', message: 'other side closed' },
      'closed',
      /closed the connection before sending a response/,
    ],
    [
      { name: 'HTTPParserError', code: 'HPE_INVALID_CONSTANT', message: 'Expected HTTP/' },
      'protocol',
      /not valid HTTP\/1\.1 \(HPE_INVALID_CONSTANT: Expected HTTP\/\)/,
    ],
    [{ message: 'redirect count exceeded' }, 'protocol', /too many redirects/],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' }, 'timeout', /headers timeout/],
    [{ code: 'EWHATEVER', message: 'something new' }, 'other', /the request failed: EWHATEVER something new/],
  ])('%o is %s', (cause, kind, message) => {
    const failure = named(cause);
    expect(failure.kind).toBe(kind);
    expect(failure.message).toMatch(message);
  });

  it('reads a closed connection during the body as a truncated body, with what arrived', () => {
    const failure = describeFailure(
      Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' } }),
      'body',
      { bytes: 10, contentLength: 100 },
    );
    expect(failure.kind).toBe('truncated');
    expect(failure.message).toBe(
      'the body was cut short: the server closed the connection after 10 bytes of the 100 its Content-Length announced',
    );
  });

  it('stops at a cause chain that loops', () => {
    const a: { message: string; cause?: unknown } = { message: 'a' };
    a.cause = a;
    expect(describeFailure(a, 'headers').kind).toBe('other');
  });
});

describe('runToExit', () => {
  const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const run = (work: string) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { runToExit } from ${JSON.stringify(CLI)}; runToExit('klavi-contract', ${work});`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );

  it('fails closed when the event loop empties with the work still pending', () => {
    const result = run('() => new Promise(() => {})');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'klavi-contract: the run ended with work still pending (a request or a wait that can never finish): nothing was certified\n',
    );
  });

  it('exits with the code the work settles on, and 1 with the error when it throws', () => {
    expect(run('async () => 0').status).toBe(0);
    expect(run('async () => 2').status).toBe(2);
    const thrown = run('async () => { throw new Error("boom"); }');
    expect(thrown.status).toBe(1);
    expect(thrown.stderr).toMatch(/^klavi-contract: Error: boom/);
  });
});
