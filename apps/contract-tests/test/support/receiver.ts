// Webhook receivers to certify, built as a merchant would build one, with node:http and
// node:crypto: the correct one verifies X-Klavi-Signature over the raw body (timingSafeEqual),
// refuses a timestamp more than 5 minutes from its clock, keeps the eventIds it processed in
// memory, acknowledges a duplicate without processing it again, and answers the certification hook
// (Klavi-Event-Processed). Each fault is one realistic bug; RECEIVER_FAULTS names the check each
// must trip (test/check-registry.test.ts requires one for every receiver check).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceiverCheckName } from '../../src/checks/registry.js';

export const RECEIVER_FAULTS = {
  /** Never looks at X-Klavi-Signature: a forged or unsigned event is processed. */
  'skips-signature': 'receiver_verifies_signature',
  /** Never looks at X-Klavi-Timestamp: a recorded delivery played back an hour later is processed. */
  'accepts-stale': 'receiver_refuses_stale',
  /** Keeps no record of the eventIds it processed: a resent event is processed again. */
  'processes-twice': 'receiver_ignores_replay',
  /** Verifies, then never answers a valid delivery (its processing waits on something that never comes). */
  hangs: 'receiver_acknowledges',
  /** Verifies the signature over JSON.stringify(JSON.parse(body)) rather than the raw bytes, as a body-parsing framework invites. */
  'verifies-reserialized': 'receiver_acknowledges',
} as const satisfies Record<string, ReceiverCheckName>;

export type ReceiverFault = keyof typeof RECEIVER_FAULTS;

export interface ReceiverOptions {
  secretKey: string;
  fault?: ReceiverFault;
  /** False: no Klavi-Event-Processed header (the hook is not implemented). Default true. */
  hook?: boolean;
}

export interface TestReceiver {
  url: string;
  /** Every eventId the receiver processed, in order (twice for an event processed twice). */
  processed: string[];
  close(): Promise<void>;
}

/** The body as a framework's JSON parser hands it on, serialized again: not the bytes that were signed. */
function reserialized(raw: Buffer): Buffer {
  try {
    return Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
  } catch {
    return raw;
  }
}

/** How far X-Klavi-Timestamp may be from the receiver's clock. */
const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;

export async function startReceiver(options: ReceiverOptions): Promise<TestReceiver> {
  const { secretKey, fault, hook = true } = options;
  const seen = new Set<string>();
  const processed: string[] = [];

  const refuse = (res: ServerResponse, status: number, error: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error }));
  };

  const signatureValid = (given: string | string[] | undefined, signed: Buffer): boolean => {
    if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
    const expected = createHmac('sha256', secretKey).update(signed).digest();
    return timingSafeEqual(Buffer.from(given, 'hex'), expected);
  };

  const timestampFresh = (given: string | string[] | undefined): boolean =>
    typeof given === 'string' &&
    /^\d{1,12}$/.test(given) &&
    Math.abs(Date.now() / 1000 - Number(given)) <= TOLERANCE_SECONDS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'POST only');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return refuse(res, 413, 'body too large');
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    // Verified before the body is parsed: nothing unauthenticated is read.
    if (fault !== 'skips-signature') {
      const signed = fault === 'verifies-reserialized' ? reserialized(raw) : raw;
      if (!signatureValid(req.headers['x-klavi-signature'], signed)) return refuse(res, 401, 'bad signature');
    }
    if (fault !== 'accepts-stale' && !timestampFresh(req.headers['x-klavi-timestamp']))
      return refuse(res, 401, 'stale or missing timestamp');
    let event: unknown;
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(res, 400, 'not JSON');
    }
    const eventId = (event as { eventId?: unknown } | null)?.eventId;
    if (typeof eventId !== 'string') return refuse(res, 400, 'no eventId');
    if (fault === 'hangs') return; // never answers
    const duplicate = fault !== 'processes-twice' && seen.has(eventId);
    if (!duplicate) {
      seen.add(eventId);
      processed.push(eventId);
    }
    res.writeHead(200, hook ? { 'klavi-event-processed': String(!duplicate) } : {});
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => refuse(res, 500, String(error)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/klavi/events`,
    processed,
    close: async () => {
      // A hanging receiver holds its connections open: end them, or close would wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
