// The payer's part: open the consentRedirectURL and decide. Only a server that sends the payer
// to a simulated bank page (our sandbox's plain HTML form) can be driven here; a real bank needs
// a person, and the steps after approval are then skipped.

/** Where the bank sent the payer, and its query. */
export type BankOutcome =
  | { kind: 'decided'; location: string; query: URLSearchParams }
  | { kind: 'unsupported'; reason: string };

/**
 * The query of a Location, read as text: a merchant's redirectURL may be a URI (RFC 3986) that
 * the WHATWG URL parser refuses, such as one with a port above 65535.
 */
export function queryOf(location: string): URLSearchParams {
  const withoutFragment = location.split('#', 1)[0]!;
  const at = withoutFragment.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : withoutFragment.slice(at + 1));
}

export async function decideAtBank(
  consentRedirectURL: string,
  decision: 'approve' | 'reject',
  fetchImpl: typeof fetch = fetch,
): Promise<BankOutcome> {
  let page: Response;
  try {
    page = await fetchImpl(consentRedirectURL, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    return { kind: 'unsupported', reason: `the consentRedirectURL could not be opened: ${(error as Error).message}` };
  }
  const html = page.ok ? await page.text() : '';
  const formToken = /name="formToken" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!formToken || !action)
    return {
      kind: 'unsupported',
      reason: 'the consentRedirectURL is not a simulated bank page that can be approved without a person',
    };
  const response = await fetchImpl(new URL(action, consentRedirectURL), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision }).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 303 || !location)
    throw new Error(`the bank page answered ${response.status} to the ${decision} decision, without a redirect`);
  return { kind: 'decided', location, query: queryOf(location) };
}
