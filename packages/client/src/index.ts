export { createKlaviClient } from './client.js';
export type {
  AutomaticConsentStatusResult,
  AutomaticPaymentStatusResult,
  EnvironmentName,
  InstantPaymentStatusResult,
  KlaviClient,
  KlaviClientOptions,
} from './client.js';
export {
  KlaviApiError,
  KlaviAuthError,
  KlaviConfigError,
  KlaviIdempotencyConflictError,
  KlaviNetworkError,
  KlaviTimeoutError,
  KlaviWaitError,
} from './errors.js';
export type { KlaviErrorBody } from './errors.js';
export type { Credentials } from './auth.js';
export type { KlaviClientEvent, KlaviLogger } from './logger.js';
export type { AwaitStatusOptions } from './polling.js';
export type { CursorPage, Paginator } from './pagination.js';
export type { RetryOptions } from './retry.js';
export type { FetchFunction } from './transport.js';
export type { ErrorBody, KlaviResult, KlaviThrowingResult, PaginatedPath, SuccessData } from './types.js';
export * from './status.js';
export { API_VERSION, ENVIRONMENTS, OPERATIONS, SECURITY_SCHEMES } from './generated/spec-metadata.js';
// Every named schema, response, parameter and header of the spec as a type (InstantPaymentRequest, …).
export type * from './generated/schema.js';
