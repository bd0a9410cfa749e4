export { createKlaviClient } from './client.js';
export type { EnvironmentName, KlaviClient, KlaviClientOptions } from './client.js';
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
export { awaitAutomaticPaymentStatus, awaitConsentStatus, awaitPaymentStatus } from './polling.js';
export type {
  AutomaticConsentStatusResult,
  AutomaticPaymentStatusResult,
  AwaitStatusOptions,
  InstantPaymentStatusResult,
} from './polling.js';
export { paginate } from './pagination.js';
export type { CursorPage, Paginator } from './pagination.js';
export type { RetryOptions } from './retry.js';
export type { FetchFunction, FetchInit } from './transport.js';
export type { ErrorBody, KlaviResult, KlaviThrowingResult, PaginatedPath, SuccessData } from './types.js';
export * from './status.js';
export { API_VERSION, ENVIRONMENTS, OPERATIONS, SECURITY_SCHEMES } from './generated/spec-metadata.js';
// Every named schema, response, parameter and header of the spec as a type (InstantPaymentRequest, …).
export type * from './generated/schema.js';
export { KlaviEventVerificationError, PAYMENT_EVENT_NAMES, verifyKlaviEvent } from './events.js';
export type {
  KlaviEvent,
  KlaviEventHeaders,
  KlaviEventOf,
  KlaviEventVerificationFailure,
  VerifyKlaviEventOptions,
} from './events.js';
