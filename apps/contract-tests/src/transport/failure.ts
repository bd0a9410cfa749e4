// What went wrong between the certifier and the server when no complete answer arrived. Node's
// fetch reports every such failure as `TypeError: fetch failed` and keeps the reason in a chain of
// `cause`s; a report that says only "fetch failed" (or "terminated") leaves the merchant guessing,
// so each failure is read down its chain and named by kind.

export type FailureKind =
  | 'refused'
  | 'reset'
  | 'closed'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'truncated'
  | 'too-large'
  | 'protocol'
  | 'run-stopped'
  | 'other';

/** What had arrived of an answer when it failed: its status and headers, and the first bytes. */
export interface PartialAnswer {
  status: number;
  headers: Headers;
  received: Uint8Array;
}

/** A request that got no complete answer, and why. `partial` is set when headers did arrive. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  partial: PartialAnswer | undefined;
  /**
   * The certifier's own code gave the request up (the wait of a status poll ran out while a read
   * was in flight), not the transport's deadline: the request says nothing of the server.
   */
  readonly byCaller: boolean;

  constructor(
    readonly kind: FailureKind,
    message: string,
    options?: { cause?: unknown; byCaller?: boolean },
  ) {
    super(message, options);
    this.byCaller = options?.byCaller ?? false;
  }
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
}

/** The error and its causes, outermost first; bounded, since a cause chain can be a cycle. */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (
    let e = error as ErrorLike | undefined;
    e && typeof e === 'object' && out.length < 8;
    e = e.cause as ErrorLike | undefined
  )
    out.push(e);
  return out;
}

const TLS_CODE =
  /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|EPROTO$|HOSTNAME_MISMATCH$|ERR_CERT)/;

const firstLine = (s: string | undefined) => (s ?? '').split('\n', 1)[0]!.trim();

/** Where the request was when it failed: before any header arrived, or while its body was read. */
export type Phase = 'headers' | 'body';

/**
 * Names a fetch failure by the deepest cause that says what happened. `phase` and `bytes` say how
 * far the answer got, so a connection closed in the middle of a body reads as a truncated body.
 */
export function describeFailure(
  error: unknown,
  phase: Phase,
  detail: { bytes?: number; contentLength?: number | undefined } = {},
): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const links = chain(error);
  const codes = links.map((l) => l.code).filter((c): c is string => typeof c === 'string');
  const messages = links.map((l) => firstLine(l.message));
  const has = (code: string) => codes.includes(code);
  const said = (text: RegExp) => messages.some((m) => text.test(m));
  const make = (kind: FailureKind, message: string) => new TransportFailure(kind, message, { cause: error });
  const got =
    detail.bytes === undefined
      ? ''
      : `${detail.bytes} bytes${detail.contentLength !== undefined ? ` of the ${detail.contentLength} its Content-Length announced` : ''}`;

  if (has('ECONNREFUSED'))
    return make('refused', 'the connection was refused (ECONNREFUSED): nothing listens at that address');
  if (has('ENOTFOUND') || has('EAI_AGAIN'))
    return make('dns', `the host name could not be resolved (${has('ENOTFOUND') ? 'ENOTFOUND' : 'EAI_AGAIN'})`);
  const tls = codes.find((c) => TLS_CODE.test(c));
  if (tls)
    return make(
      'tls',
      `the TLS handshake failed (${tls}): ${messages.find((m, i) => links[i]?.code === tls && m) ?? 'no detail'}`,
    );
  if (has('UND_ERR_CONNECT_TIMEOUT'))
    return make('timeout', "timed out connecting to the server (no TCP connection within undici's connect timeout)");
  if (has('UND_ERR_HEADERS_TIMEOUT'))
    return make('timeout', "timed out waiting for the response headers (undici's headers timeout)");
  if (has('UND_ERR_BODY_TIMEOUT'))
    return make('timeout', `timed out reading the response body (undici's body timeout) after ${got || 'some bytes'}`);
  if (codes.some((c) => c.startsWith('HPE_')) || links.some((l) => l.name === 'HTTPParserError')) {
    return make(
      'protocol',
      `the answer is not valid HTTP/1.1 (${codes.find((c) => c.startsWith('HPE_')) ?? 'parser error'}: ${messages.at(-1)})`,
    );
  }
  if (said(/redirect count exceeded/)) return make('protocol', 'too many redirects (a redirect loop)');
  if (has('ECONNRESET')) {
    return make(
      'reset',
      phase === 'body'
        ? `the connection was reset (ECONNRESET) while the body was read, after ${got}`
        : 'the connection was reset (ECONNRESET) before any response arrived',
    );
  }
  if (has('EPIPE')) return make('reset', 'the server closed the connection while the request was being sent (EPIPE)');
  if (has('UND_ERR_SOCKET') || said(/other side closed/)) {
    if (phase === 'body')
      return make('truncated', `the body was cut short: the server closed the connection after ${got}`);
    return make('closed', 'the server closed the connection before sending a response');
  }
  if (has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'))
    return make('truncated', `the body does not match its Content-Length (${got})`);
  if (has('ETIMEDOUT')) return make('timeout', 'the connection timed out (ETIMEDOUT)');
  if (has('EHOSTUNREACH') || has('ENETUNREACH'))
    return make(
      'refused',
      `the network could not reach the host (${has('EHOSTUNREACH') ? 'EHOSTUNREACH' : 'ENETUNREACH'})`,
    );
  const deepest = links.at(-1);
  return make(
    'other',
    `${phase === 'body' ? 'reading the body failed' : 'the request failed'}: ${deepest?.code ? `${deepest.code} ` : ''}${firstLine(deepest?.message) || String(error)}`,
  );
}
