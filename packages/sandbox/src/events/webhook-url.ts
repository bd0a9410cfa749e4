/** A webhook URL as given: absolute http(s), no credentials or fragment. A RangeError names `field`. */
export function checkWebhookUrl(value: string, field: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // refused below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.hash)
    throw new RangeError(
      `${field} must be an absolute http or https URL without credentials or fragment, got ${JSON.stringify(value)}`,
    );
  return url.href;
}
