// klavi-contract webhooks: the events it builds and signs, and whole runs against test receivers
// (test/support/receiver.ts): the correct one is certified; each broken one is caught by exactly
// the check its fault names; a hanging one ends in bounded time; a receiver without the
// certification hook gets the replay check skipped, with how to add the hook; usage errors exit 2.
import { spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { receiverIgnoresReplay } from '../src/checks/receiver-ignores-replay.js';
import { receiverVerifiesSignature } from '../src/checks/receiver-verifies-signature.js';
import { RECEIVER_CHECKS } from '../src/checks/registry.js';
import type { ReceiverAnswer } from '../src/webhooks/answer.js';
import { main } from '../src/cli.js';
import type { CheckResult } from '../src/results.js';
import { loadSpec } from '../src/spec.js';
import { receiverCases } from '../src/webhooks/cases.js';
import { buildEvent, eventNameOf, InvalidEventError, serialize } from '../src/webhooks/events.js';
import { parseWebhookCli, WEBHOOKS_USAGE } from '../src/webhooks/cli.js';
import { flipHexDigit, signBody, unixSeconds } from '../src/webhooks/sign.js';
import { RECEIVER_FAULTS, startReceiver, type ReceiverFault, type TestReceiver } from './support/receiver.js';

const BIN = fileURLToPath(new URL('../bin/klavi-contract.js', import.meta.url));
const SECRET = 'merchant-secret-key';
const spec = loadSpec();
const EVENT_NAMES = spec.webhooks.map(eventNameOf);

describe('signing', () => {
  it('signs the raw body as lowercase hex HMAC-SHA256 keyed with the secretKey', () => {
    const body = '{\n  "eventId": "x",\n  "message": "n\\u00e3o"\n}';
    expect(signBody(SECRET, body)).toBe(createHmac('sha256', SECRET).update(Buffer.from(body, 'utf8')).digest('hex'));
    expect(signBody(SECRET, body)).toMatch(/^[0-9a-f]{64}$/);
    expect(unixSeconds(1_740_716_924_999)).toBe('1740716924');
  });

  it('flips exactly one hex digit, the last, and stays lowercase hex', () => {
    const signature = signBody(SECRET, 'body');
    const flipped = flipHexDigit(signature);
    expect(flipped).toMatch(/^[0-9a-f]{64}$/);
    expect([...flipped].filter((c, i) => c !== signature[i])).toHaveLength(1);
    expect(flipped.slice(0, -1)).toBe(signature.slice(0, -1));
  });
});

describe('the events', () => {
  it('has a webhook, with its event name, for each payment event of the spec', () => {
    expect(EVENT_NAMES).toEqual([
      'instant_payment.status_changed',
      'automatic_consent.status_changed',
      'automatic_payment.status_changed',
    ]);
  });

  it.each(spec.webhooks.map((w) => [w.eventName, w] as const))(
    'builds a valid %s event from the spec example, with a fresh eventId and the current time',
    (eventName, webhook) => {
      const now = new Date();
      const a = buildEvent(spec, webhook, { now });
      const b = buildEvent(spec, webhook);
      expect(a.eventName).toBe(eventName);
      expect(a.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(b.eventId).not.toBe(a.eventId);
      expect(a.body).toMatchObject({ eventId: a.eventId, eventName, eventTime: now.toISOString() });
      expect((a.body.data as { statusUpdateAt: string }).statusUpdateAt).toBe(now.toISOString());
      expect(spec.validator.validate(webhook.bodyPointer!, JSON.parse(a.rawBody), 'body')).toEqual({ valid: true });
    },
  );

  it('sends bytes that a parse and a re-serialization do not reproduce', () => {
    const event = buildEvent(spec, spec.webhooks[0]!);
    expect(JSON.parse(event.rawBody)).toEqual(event.body);
    expect(JSON.stringify(JSON.parse(event.rawBody))).not.toBe(event.rawBody);
    expect(serialize({ message: 'não', list: [1, { a: null }], empty: {}, none: [] })).toBe(
      '{ "message": "n\\u00e3o", "list": [ 1, { "a": null } ], "empty": {}, "none": [] }',
    );
  });

  it('refuses to build an event the spec does not validate, as its own bug and not the receiver’s', () => {
    const [instant, consent] = spec.webhooks;
    // An instant payment's example judged by the consent event's schema: invalid.
    const wrong = { ...instant!, bodyPointer: consent!.bodyPointer };
    expect(() => buildEvent(spec, wrong)).toThrow(InvalidEventError);
    expect(() => buildEvent(spec, wrong)).toThrow(
      /cannot build a valid instant_payment\.status_changed event: it does not validate .* not of your receiver; nothing was sent/,
    );
    expect(() => receiverCases({ ...spec, webhooks: [] })).toThrow(/the spec declares no webhooks/);
  });

  it('plans five cases per event name, each with its own eventId', () => {
    const cases = receiverCases(spec);
    expect(cases.map((c) => c.spec.id)).toEqual([
      ...EVENT_NAMES.map((e) => `acknowledges/${e}`),
      ...EVENT_NAMES.flatMap((e) => [`signature/${e}/flipped-digit`, `signature/${e}/missing`]),
      ...EVENT_NAMES.map((e) => `stale/${e}`),
      ...EVENT_NAMES.map((e) => `replay/${e}`),
    ]);
  });
});

describe('the replay check reads the hook strictly', () => {
  const ok = (processed?: string): ReceiverAnswer => ({
    status: 200,
    headers: processed === undefined ? {} : { 'klavi-event-processed': processed },
  });
  const judge = (first: ReceiverAnswer, second: ReceiverAnswer) =>
    receiverIgnoresReplay.judge('instant_payment.status_changed', { step: 'replay', first, second });

  it('passes true then false, whatever the case of the words', () => {
    expect(judge(ok('true'), ok('FALSE'))?.outcome).toBe('pass');
  });

  it('fails a duplicate refused, an event processed twice, a first delivery not processed, and a hook half answered', () => {
    expect(judge(ok('true'), { status: 409, headers: {} })?.message).toMatch(
      /^the same event \(the same eventId\) delivered again must be acknowledged with a 2xx too: got 409/,
    );
    expect(judge(ok('true'), ok('true'))?.message).toMatch(/^the same eventId was processed twice/);
    expect(judge(ok('false'), ok('false'))?.message).toMatch(
      /^the first delivery of a new eventId answered Klavi-Event-Processed: false/,
    );
    expect(judge(ok('yes'), ok('false'))?.message).toBe(
      'the first delivery answered Klavi-Event-Processed: "yes"; it must be true or false',
    );
    expect(judge(ok('true'), ok())?.message).toMatch(
      /^the second delivery answered no Klavi-Event-Processed header while the other did/,
    );
    expect(judge(ok(), ok('false'))?.message).toMatch(/^the first delivery answered no Klavi-Event-Processed header/);
  });

  it('skips, saying how to add the hook, when neither answer has it', () => {
    expect(judge(ok(), ok())).toMatchObject({
      outcome: 'skip',
      message: expect.stringMatching(/^not judged: .*Klavi-Event-Processed: true/),
    });
  });

  it('never passes a refusal that is not an answer, and names a redirect', () => {
    expect(
      receiverVerifiesSignature.judge('e', { forgery: 'missing', answer: { error: 'timed out: …' } })?.outcome,
    ).toBe('fail');
    expect(
      receiverVerifiesSignature.judge('e', { forgery: 'missing', answer: { status: 401, headers: {} } })?.outcome,
    ).toBe('pass');
    expect(
      receiverIgnoresReplay.judge('e', {
        step: 'replay',
        first: ok('true'),
        second: { status: 302, headers: { location: 'https://elsewhere.example/hooks' } },
      })?.message,
    ).toMatch(/got 302 to https:\/\/elsewhere\.example\/hooks \(klavi-contract does not follow redirects/);
  });
});

describe('the command line of klavi-contract webhooks', () => {
  it('reads flags and environment variables; flags win', () => {
    expect(
      parseWebhookCli(
        ['--receiver', 'https://merchant.example/hooks', '--request-timeout', '2', '--report-dir', 'out'],
        {
          KLAVI_SECRET_KEY: 'env-secret',
          KLAVI_WEBHOOK_RECEIVER: 'https://ignored.example',
        },
      ),
    ).toMatchObject({
      receiver: 'https://merchant.example/hooks',
      secretKey: 'env-secret',
      requestTimeoutMs: 2000,
      reportDir: 'out',
    });
    expect(parseWebhookCli([], { KLAVI_WEBHOOK_RECEIVER: 'http://127.0.0.1:1/', KLAVI_SECRET_KEY: 's' })).toMatchObject(
      {
        receiver: 'http://127.0.0.1:1/',
        secretKey: 's',
      },
    );
  });

  it('names what is wrong', () => {
    const error = (argv: string[], env = {}) => {
      try {
        parseWebhookCli(argv, env);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error(['--secret-key', 's'])).toMatch(/^--receiver is required/);
    expect(error(['--receiver', 'http://127.0.0.1:1/'])).toMatch(/^--secret-key is required/);
    expect(error(['--receiver', 'ftp://x', '--secret-key', 's'])).toMatch(/^--receiver must be an http\(s\) URL/);
    // Klavi waits 10 s for an answer: a longer timeout would certify a receiver Klavi counts as failing.
    expect(error(['--receiver', 'http://x.example', '--secret-key', 's', '--request-timeout', '11'])).toMatch(
      /--request-timeout must be a number of seconds above 0 and at most 10/,
    );
    expect(error(['--receiver', 'http://x.example', '--secret-key', 's', '--base-url', 'x'])).toMatch(
      /Unknown option '--base-url'/,
    );
  });

  it('lists each receiver check in its --help, and the hook', () => {
    for (const check of RECEIVER_CHECKS) expect(WEBHOOKS_USAGE).toMatch(new RegExp(`^  ${check}\\s`, 'm'));
    expect(WEBHOOKS_USAGE).toMatch(/Klavi-Event-Processed: true/);
  });

  const bin = (args: string[]) =>
    spawnSync(process.execPath, [BIN, 'webhooks', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', KLAVI_SECRET_KEY: '', KLAVI_WEBHOOK_RECEIVER: '' },
      timeout: 60_000,
    });

  it('exits 2 naming --receiver when it is missing', () => {
    const result = bin(['--secret-key', SECRET]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^klavi-contract webhooks: --receiver is required[\s\S]*Usage: klavi-contract webhooks/,
    );
  });

  it('exits 2 naming --secret-key when it is missing', () => {
    const result = bin(['--receiver', 'http://127.0.0.1:9/']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^klavi-contract webhooks: --secret-key is required/);
  });

  it('prints its help and exits 0', () => {
    const result = bin(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: klavi-contract webhooks --receiver URL --secret-key KEY/);
  });
});

interface Certified {
  code: number;
  out: string;
  results: CheckResult[];
  json: Record<string, unknown>;
  dir: string;
}

let receiver: TestReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** `klavi-contract webhooks` against `url`, in-process, with its output and its JSON report. */
async function certify(url: string, flags: string[] = []): Promise<Certified> {
  let out = '';
  const sink = {
    write: (s: string) => {
      out += s;
      return true;
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'klavi-webhooks-'));
  const code = await main(
    ['webhooks', '--receiver', url, '--secret-key', SECRET, '--quiet', '--report-dir', dir, ...flags],
    { out: sink as never, err: sink as never },
  );
  const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, unknown>;
  // The colours picocolors adds where CI is set (it is, in CI): the assertions read the text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ESC-started colour escapes
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  return { code, out: plain, results: json.results as CheckResult[], json, dir };
}

const checksWith = (results: CheckResult[], outcome: CheckResult['outcome']) =>
  [...new Set(results.filter((r) => r.outcome === outcome).map((r) => r.check))].sort();

describe('klavi-contract webhooks against the correct receiver', () => {
  it('passes every check for every event, exits 0, and writes the reports', async () => {
    receiver = await startReceiver({ secretKey: SECRET });
    const { code, out, results, json, dir } = await certify(receiver.url);
    expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.caseId}: ${r.message}`)).toEqual([]);
    expect(code).toBe(0);
    for (const check of RECEIVER_CHECKS)
      for (const event of EVENT_NAMES)
        expect(results.some((r) => r.check === check && r.operationId === event && r.outcome === 'pass')).toBe(true);
    // Each event the receiver acknowledged was processed once: the replay's event included.
    expect(new Set(receiver.processed).size).toBe(receiver.processed.length);
    expect(receiver.processed).toHaveLength(2 * EVENT_NAMES.length);
    // The summary table: a row per event name, a column per check; then the totals, without coverage.
    expect(out).toMatch(/^event\s+acknowledges\s+signature\s+stale\s+replay\s*$/m);
    for (const event of EVENT_NAMES)
      expect(out).toMatch(new RegExp(`^${event.replace('.', '\\.')}\\s+✓ 2\\s+✓ 2\\s+✓ 1\\s+✓ 1\\s*$`, 'm'));
    expect(out).toMatch(/^Checks: 18 passed, 0 failed, 0 skipped in [\d.]+ s · 18 deliveries$/m);
    expect(out).not.toMatch(/Coverage/);
    expect(json).toMatchObject({ command: 'webhooks', receiver: receiver.url, events: EVENT_NAMES });
    expect(json.totals).toEqual({ pass: 18, fail: 0, skip: 0 });
    expect(json).not.toHaveProperty('coverage');
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="klavi-contract webhooks" tests="18" failures="0" skipped="0"/);
    expect(xml.match(/<testsuite /g)).toHaveLength(RECEIVER_CHECKS.length);
  });

  it('gets the replay check skipped, with how to add the hook, from a receiver without it', async () => {
    receiver = await startReceiver({ secretKey: SECRET, hook: false });
    const { code, results, out } = await certify(receiver.url);
    const replay = results.filter((r) => r.check === 'receiver_ignores_replay');
    expect(replay.map((r) => r.outcome)).toEqual(EVENT_NAMES.map(() => 'skip'));
    expect(replay[0]!.message).toMatch(
      /^not judged: the receiver does not say whether it processed a delivery\. To have a repeated eventId checked, answer every delivery with the header Klavi-Event-Processed: true .* or Klavi-Event-Processed: false /,
    );
    expect(checksWith(results, 'fail')).toEqual([]);
    expect(out).toMatch(/^\S+\s+✓ 2\s+✓ 2\s+✓ 1\s+skip 1\s*$/m);
    // Everything that could be judged passed: the skip is reported, not counted as a pass.
    expect(code).toBe(0);
  });
});

describe('each broken receiver is caught by exactly its check', () => {
  const expected: Record<ReceiverFault, RegExp> = {
    'skips-signature':
      /^an event (whose X-Klavi-Signature has one hex digit flipped|without X-Klavi-Signature) was acknowledged with 200/,
    'accepts-stale': /^an event correctly signed, with an X-Klavi-Timestamp 3600 s old, was acknowledged with 200/,
    'processes-twice': /^the same eventId was processed twice: both deliveries answered Klavi-Event-Processed: true/,
    hangs:
      /no answer: timed out: no response headers arrived within the request timeout of 0\.5 s \(--request-timeout\)/,
    'verifies-reserialized':
      /must be acknowledged with a 2xx: got 401; verify X-Klavi-Signature over the raw body bytes/,
  };

  it('has a case for every fault', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(RECEIVER_FAULTS).sort());
  });

  it.each(Object.keys(RECEIVER_FAULTS) as ReceiverFault[])('%s', async (fault) => {
    receiver = await startReceiver({ secretKey: SECRET, fault });
    // A small request timeout, so that the hanging receiver costs little: every run ends in bounded time.
    const { code, results, out } = await certify(receiver.url, ['--request-timeout', '0.5']);
    expect(code).toBe(1);
    expect(checksWith(results, 'fail')).toEqual([RECEIVER_FAULTS[fault]]);
    const failures = results.filter((r) => r.outcome === 'fail');
    expect(new Set(failures.map((r) => r.operationId))).toEqual(new Set(EVENT_NAMES));
    for (const failure of failures) expect(failure.message).toMatch(expected[fault]);
    expect(out).toMatch(new RegExp(`✗ [a-z_.]+ · ${RECEIVER_FAULTS[fault]}`));
    // The other checks still judged (and passed) what they could; none was passed for the faulty one.
    expect(results.some((r) => r.check === RECEIVER_FAULTS[fault] && r.outcome === 'pass')).toBe(false);
    if (fault === 'hangs')
      // The replay cannot be judged when its first delivery was never answered: skipped, saying why.
      expect(results.filter((r) => r.check === 'receiver_ignores_replay').map((r) => r.message)).toEqual(
        EVENT_NAMES.map(() =>
          expect.stringMatching(
            /^not judged: the first delivery of the event was not acknowledged \(no answer: timed out/,
          ),
        ),
      );
  });
});

describe('a run always ends, and fails closed', () => {
  it('stops at --max-time against a receiver that hangs, and says so', async () => {
    receiver = await startReceiver({ secretKey: SECRET, fault: 'hangs' });
    const { code, out, json } = await certify(receiver.url, ['--request-timeout', '10', '--max-time', '1']);
    expect(code).toBe(1);
    expect(json.stopped).toBe('the run took longer than its --max-time of 1 s');
    expect(out.trim().split('\n').at(-1)).toBe('run stopped: the run took longer than its --max-time of 1 s');
  });

  it('passes nothing for a receiver that cannot be reached: a refusal must be an answer', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const { code, results, out } = await certify(`http://127.0.0.1:${port}/hooks`);
    expect(code).toBe(1);
    expect(results.filter((r) => r.outcome === 'pass')).toEqual([]);
    expect(checksWith(results, 'fail')).toEqual(['receiver_acknowledges', 'receiver_verifies_signature']);
    expect(results.find((r) => r.check === 'receiver_verifies_signature')?.message).toMatch(
      /must be refused with a non-2xx answer: got no answer: the connection was refused \(ECONNREFUSED\)/,
    );
    expect(out).toMatch(
      /^run stopped: 10 deliveries in a row got no complete answer from the receiver; the last: the connection was refused/m,
    );
  });

  it('signs with the key it is given: a receiver with another key refuses every valid event', async () => {
    receiver = await startReceiver({ secretKey: `not-${SECRET}-${randomUUID()}` });
    const { code, results } = await certify(receiver.url, ['--only', 'acknowledges']);
    expect(code).toBe(1);
    expect(results.map((r) => `${r.check} ${r.outcome}`)).toEqual(EVENT_NAMES.map(() => 'receiver_acknowledges fail'));
  });
});
