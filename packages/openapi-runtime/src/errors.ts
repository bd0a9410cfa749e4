/** A document whose shape cannot be trusted; the message names where and what. */
export class SpecModelError extends Error {
  override name = 'SpecModelError';
}
