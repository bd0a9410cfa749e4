// Access tokens: real ES256-signed JWTs, as Klavi's are, with an expiry on the sandbox clock.
// The key pair is made at start-up, so tokens from another sandbox run are forged as far as this
// one is concerned, unless it keeps its data in a file (`--data`), which keeps the key pair too.
import { errors as joseErrors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { ApiError } from './errors.js';
import type { SandboxClock } from './clock.js';

export type Scheme = 'CustomerBearer' | 'ManagementBearer';

export interface Credential {
  accessKey: string;
  secretKey: string;
  /** The merchant this pair belongs to; Customer and Management pairs of one merchant share it. */
  merchantId: string;
  /** The app a Customer pair creates payments in. Management pairs see every app of the merchant. */
  appId?: string;
}

export interface Principal {
  scheme: Scheme;
  accessKey: string;
  merchantId: string;
  appId?: string;
}

const ISSUER = 'klavi-sandbox';
/** Verified tokens kept, at most; the oldest go first. */
export const VERIFIED_CACHE_SIZE = 10_000;

interface Verified {
  principal: Principal;
  /** Expiry, in ms of the sandbox clock. */
  expiresAt: number;
}

export class TokenService {
  readonly expireInS: number;
  readonly #clock: SandboxClock;
  readonly #credentials: Record<Scheme, Credential[]>;
  #keys: Awaited<ReturnType<typeof generateKeyPair>> | undefined;
  /**
   * Tokens whose ES256 signature was verified, until they expire on the sandbox clock: checking the
   * same signature on every request was a third of the busy time under load. The key pair never
   * changes while the process runs, so a signature once valid stays valid; expiry is still checked
   * on every use, against the clock the control API moves.
   */
  readonly #verified = new Map<string, Verified>();
  /**
   * The last Authorization header read, and the token in it. A header is a new string on every
   * request, so looking its token up hashed 300 characters each time; compared with the last one
   * instead, the token is the string the cache already hashed. Only the parse is remembered: the
   * token is looked up and its expiry checked on every request.
   */
  #lastHeader: { header: string; token: string } | undefined;

  readonly #cacheSize: number;

  constructor(
    credentials: Record<Scheme, Credential[]>,
    clock: SandboxClock,
    expireInS = 3600,
    cacheSize = VERIFIED_CACHE_SIZE,
  ) {
    this.#cacheSize = cacheSize;
    this.#credentials = credentials;
    this.#clock = clock;
    this.expireInS = expireInS;
  }

  /**
   * Makes the key pair, or takes the one a data file kept (`privateJwk`). Only a pair that is to
   * be kept can be exported (`extractable`).
   */
  async init(options: { privateJwk?: JWK; extractable?: boolean } = {}): Promise<void> {
    if (options.privateJwk) {
      const { d: _private, ...publicJwk } = options.privateJwk;
      if (!_private) throw new Error('the stored signing key has no private part (d)');
      this.#keys = {
        privateKey: (await importJWK(options.privateJwk, 'ES256')) as CryptoKey,
        publicKey: (await importJWK(publicJwk, 'ES256')) as CryptoKey,
      };
      this.#privateJwk = options.privateJwk;
      return;
    }
    this.#keys = await generateKeyPair('ES256', { extractable: options.extractable ?? false });
    if (options.extractable) this.#privateJwk = await exportJWK(this.#keys.privateKey);
  }

  /** The private key as a JWK, when it was made to be kept or was read from a data file. */
  get privateJwk(): JWK | undefined {
    return this.#privateJwk;
  }

  #privateJwk: JWK | undefined;

  /** Exchanges a pair for a token of `scheme`; a pair of the other API is refused. */
  async issue(
    scheme: Scheme,
    accessKey: string,
    secretKey: string,
  ): Promise<{ accessToken: string; expireIn: number }> {
    const credential = this.#credentials[scheme].find((c) => c.accessKey === accessKey && c.secretKey === secretKey);
    if (!credential) throw new ApiError(401, 'Invalid accessKey or secretKey');
    const now = Math.floor(this.#clock.now() / 1000);
    const accessToken = await new SignJWT({
      scope: scheme,
      merchant: credential.merchantId,
      ...(credential.appId ? { app: credential.appId } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(accessKey)
      .setIssuedAt(now)
      .setExpirationTime(now + this.expireInS)
      .sign(this.keys.privateKey);
    return { accessToken, expireIn: this.expireInS };
  }

  /** Checks the credentials the whitelabel link endpoints take in the body. */
  checkPair(accessKey: string, secretKey: string): Principal {
    const credential = this.#credentials.CustomerBearer.find(
      (c) => c.accessKey === accessKey && c.secretKey === secretKey,
    );
    if (!credential) throw new ApiError(401, 'Invalid accessKey or secretKey');
    return {
      scheme: 'CustomerBearer',
      accessKey,
      merchantId: credential.merchantId,
      ...(credential.appId ? { appId: credential.appId } : {}),
    };
  }

  /**
   * The caller behind an Authorization header, or a 401 (or 403, for the other API's token) that
   * says what is wrong. A token verified before is answered synchronously, from the cache.
   */
  verify(header: string | undefined, scheme: Scheme): Principal | Promise<Principal> {
    if (!header) throw new ApiError(401, 'Authorization header is missing: send "Authorization: Bearer <accessToken>"');
    const token = this.#lastHeader?.header === header ? this.#lastHeader.token : this.#tokenOf(header);
    const cached = this.#verified.get(token);
    if (cached) {
      if (this.#clock.now() < cached.expiresAt) return admitted(cached.principal, scheme);
      this.#verified.delete(token);
      throw new ApiError(401, 'Access token has expired: request a new one');
    }
    return this.#verifySignature(token).then((principal) => admitted(principal, scheme));
  }

  #tokenOf(header: string): string {
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    if (!match) throw new ApiError(401, 'Authorization header is malformed: expected "Bearer <accessToken>"');
    const token = match[1]!;
    this.#lastHeader = { header, token };
    return token;
  }

  async #verifySignature(token: string): Promise<Principal> {
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: ISSUER,
        algorithms: ['ES256'],
        currentDate: new Date(this.#clock.now()),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new ApiError(401, 'Access token has expired: request a new one');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed)
        throw new ApiError(401, 'Access token signature is invalid');
      throw new ApiError(401, 'Access token is malformed or invalid');
    }
    if (payload.scope !== 'CustomerBearer' && payload.scope !== 'ManagementBearer')
      throw new ApiError(401, 'Access token is malformed or invalid');
    // Built once per token: what every later request with it is given.
    const principal: Principal = Object.freeze({
      scheme: payload.scope,
      accessKey: String(payload.sub),
      merchantId: String(payload.merchant),
      ...(typeof payload.app === 'string' ? { appId: payload.app } : {}),
    });
    // Tokens without an expiry are never issued here; one would not be cached.
    if (typeof payload.exp === 'number') {
      if (this.#verified.size >= this.#cacheSize) this.#verified.delete(this.#verified.keys().next().value!);
      this.#verified.set(token, { principal, expiresAt: payload.exp * 1000 });
    }
    return principal;
  }

  /** How many verified tokens are kept (for tests). */
  get verifiedCount(): number {
    return this.#verified.size;
  }

  private get keys() {
    if (!this.#keys) throw new Error('TokenService.init() was not awaited');
    return this.#keys;
  }
}

/** The principal, if its token is one of `scheme`'s. */
function admitted(principal: Principal, scheme: Scheme): Principal {
  if (principal.scheme === scheme) return principal;
  const other = scheme === 'CustomerBearer' ? 'Management' : 'Customer';
  // A sound token of the wrong API: the caller is known but not allowed here (DECISIONS D-48).
  throw new ApiError(
    403,
    `Access token belongs to the ${other} API; this endpoint needs a ${scheme === 'CustomerBearer' ? 'Customer' : 'Management'} token`,
  );
}

/** The demo pairs a sandbox starts with when none are configured. */
export const DEMO_CREDENTIALS: Record<Scheme, Credential[]> = {
  CustomerBearer: [
    {
      accessKey: 'sandbox-customer-key',
      secretKey: 'sandbox-customer-secret',
      merchantId: 'demo-merchant',
      appId: '0b59d801-08e0-4e84-9ecd-569f34e32279',
    },
  ],
  ManagementBearer: [
    { accessKey: 'sandbox-management-key', secretKey: 'sandbox-management-secret', merchantId: 'demo-merchant' },
  ],
};

/** The apps of the demo merchant. */
export const DEMO_APPS = [
  { appId: '0b59d801-08e0-4e84-9ecd-569f34e32279', name: 'Demo store', merchantId: 'demo-merchant' },
  { appId: '5d3c2b1a-7e6f-4a8b-9c0d-1e2f3a4b5c6d', name: 'Demo subscriptions', merchantId: 'demo-merchant' },
];
