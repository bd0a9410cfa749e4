import type { components } from './generated/schema.js';
import type { KlaviLogger } from './logger.js';

export type Credentials = components['schemas']['Credentials'];
export type AccessToken = components['schemas']['AccessToken'];

/** Obtains a fresh token from the scheme's token endpoint. */
export type IssueToken = () => Promise<AccessToken>;

export interface TokenCacheOptions {
  now?: () => number;
  logger?: KlaviLogger | undefined;
}

/** Refresh this long before expiry: a tenth of the lifetime, at most a minute. */
export function refreshMarginMs(expireInS: number): number {
  return Math.min(60_000, (expireInS * 1000) / 10);
}

/**
 * One bearer token per security scheme: fetched on first use, reused until shortly before it
 * expires, and shared by concurrent callers, so that a burst of calls makes one token request.
 */
export class TokenCache {
  readonly #scheme: string;
  readonly #issue: IssueToken;
  readonly #now: () => number;
  readonly #logger: KlaviLogger | undefined;
  #current: { token: string; refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(scheme: string, issue: IssueToken, options: TokenCacheOptions = {}) {
    this.#scheme = scheme;
    this.#issue = issue;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
  }

  /** The current token while it is fresh, without waiting: the common case of every call. */
  fresh(): string | undefined {
    return this.#current && this.#now() < this.#current.refreshAt ? this.#current.token : undefined;
  }

  /** A valid token. A caller's abort stops its wait but not the shared token request. */
  get(signal?: AbortSignal): Promise<string> {
    if (this.#current && this.#now() < this.#current.refreshAt) return Promise.resolve(this.#current.token);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return signal ? untilAborted(this.#pending, signal) : this.#pending;
  }

  /**
   * Forgets `token` after the API rejected it with 401. A token that was already replaced is left
   * alone, so that concurrent 401s lead to one refresh, not one each.
   */
  reject(token: string, operationId: string): void {
    if (this.#current?.token !== token) return;
    this.#current = undefined;
    this.#logger?.({ type: 'token-rejected', scheme: this.#scheme, operationId });
  }

  async #fetch(): Promise<string> {
    const issuedAt = this.#now();
    const { accessToken, expireIn } = await this.#issue();
    this.#current = { token: accessToken, refreshAt: issuedAt + expireIn * 1000 - refreshMarginMs(expireIn) };
    this.#logger?.({ type: 'token', scheme: this.#scheme, expiresInS: expireIn });
    return accessToken;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
