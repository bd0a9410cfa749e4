// The client's call signatures: openapi-fetch's, with errors as KlaviApiError and a
// `throwOnError` switch that narrows the result to `{ data, response }`.
import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { KlaviApiError } from './errors.js';
import type { paths } from './generated/schema.js';

type Media = `${string}/${string}`;
/** An init without options: no `parseAs`, so the body is the JSON the spec documents. */
type NoInit = Record<never, never>;

export type Paths = paths;

/** A client's GET as the helpers call it, on a path they built: its typing is theirs to give. */
export type LooseGet = (path: string, init: object) => Promise<{ data: unknown }>;

/** The body of a 2xx answer to `Op`. */
export type SuccessData<Op extends object, Init = NoInit> = Exclude<FetchResponse<Op, Init, Media>['data'], undefined>;
/** The error bodies the spec documents for `Op`. */
export type ErrorBody<Op extends object> = Exclude<FetchResponse<Op, NoInit, Media>['error'], undefined>;

export type KlaviResult<Op extends object, Init> =
  | { data: SuccessData<Op, Init>; error?: never; response: Response }
  | { data?: never; error: KlaviApiError<ErrorBody<Op>>; response: Response };

export type KlaviThrowingResult<Op extends object, Init> = {
  data: SuccessData<Op, Init>;
  response: Response;
};

export interface ThrowOnErrorOption {
  /** Throw KlaviApiError instead of returning it as `error`. Overrides the client's setting. */
  throwOnError?: boolean;
}

type Throws<Init, Default extends boolean> = Init extends { throwOnError: true }
  ? true
  : Init extends { throwOnError: false }
    ? false
    : Default;

export type KlaviResponse<Op extends object, Init, Default extends boolean> =
  Throws<Init, Default> extends true ? KlaviThrowingResult<Op, Init> : KlaviResult<Op, Init>;

/** Whether the init argument may be left out (no required parameter or body). */
export type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & ThrowOnErrorOption)?] : [Init & ThrowOnErrorOption];

/**
 * One HTTP method of the client, typed like openapi-fetch's (hence the generic `AllPaths`). The
 * first two overloads catch an explicit `throwOnError`: TypeScript cannot infer `Init` through the
 * conditional `InitParam` of the third when the init argument is optional.
 */
export interface KlaviMethodOf<
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint. With `unknown` the type check fails (`Method` cannot index `AllPaths[Path]`), and a precise shape rejects the generated `paths`, whose missing methods are `?: never`.
  AllPaths extends Record<string, any>,
  Method extends HttpMethod,
  Default extends boolean,
> {
  <Path extends PathsWithMethod<AllPaths, Method>, Init extends MaybeOptionalInit<AllPaths[Path], Method>>(
    url: Path,
    init: Init & { throwOnError: true },
  ): Promise<KlaviThrowingResult<AllPaths[Path][Method], Init>>;
  <Path extends PathsWithMethod<AllPaths, Method>, Init extends MaybeOptionalInit<AllPaths[Path], Method>>(
    url: Path,
    init: Init & { throwOnError: false },
  ): Promise<KlaviResult<AllPaths[Path][Method], Init>>;
  <Path extends PathsWithMethod<AllPaths, Method>, Init extends MaybeOptionalInit<AllPaths[Path], Method>>(
    url: Path,
    ...init: InitParam<Init>
  ): Promise<KlaviResponse<AllPaths[Path][Method], Init, Default>>;
}

export type KlaviMethod<Method extends HttpMethod, Default extends boolean> = KlaviMethodOf<Paths, Method, Default>;

/** The GET paths that page with a `cursor` query parameter. */
export type PaginatedPath = {
  [P in keyof Paths]: Paths[P] extends { get: { parameters: { query?: infer Q } } }
    ? [NonNullable<Q>] extends [never]
      ? never
      : 'cursor' extends keyof NonNullable<Q>
        ? P
        : never
    : never;
}[keyof Paths];

export type Page<P extends PaginatedPath> = SuccessData<Paths[P]['get']>;
export type PageItem<P extends PaginatedPath> = Page<P> extends { data: ReadonlyArray<infer Item> } ? Item : never;
