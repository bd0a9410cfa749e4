// `deprecated: true` plus an `x-sunset` date (RFC 3339 full-date, as oasdiff reads it) announces a
// removal. Once the date has passed, removing the thing is no longer a breaking change.

/** The sunset date when `node` is deprecated and its sunset is on or before `today`, else undefined. */
export function sunsetPassed(node: unknown, today: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const { deprecated, 'x-sunset': sunset } = node as { deprecated?: unknown; 'x-sunset'?: unknown };
  if (deprecated !== true || typeof sunset !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(sunset)) return undefined;
  return sunset.slice(0, 10) <= today ? sunset.slice(0, 10) : undefined;
}

/** The announced sunset of a deprecated node, whether or not it has passed. */
export function sunsetOf(node: unknown): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const { deprecated, 'x-sunset': sunset } = node as { deprecated?: unknown; 'x-sunset'?: unknown };
  return deprecated === true && typeof sunset === 'string' ? sunset.slice(0, 10) : undefined;
}
