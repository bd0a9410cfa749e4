// Log lines must not carry secrets: a bank authorization link's token opens the user's approval
// page, and a token or key can arrive in a query string by mistake. Request URLs are logged with
// those replaced by [redacted]; the query parameters the spec declares (paging, dates) are kept.
const BANK_LINK = /^(\/sandbox\/bank\/authorize\/)[^/?#]+/;
const REDACTED = '[redacted]';

export function redactUrl(url: string, keepQuery: ReadonlySet<string>): string {
  const [path = '', query] = splitOnce(url, '?');
  const safePath = path.replace(BANK_LINK, `$1${REDACTED}`);
  if (query === undefined) return safePath;
  const parts = query.split('&').map((part) => {
    const [name = '', value] = splitOnce(part, '=');
    if (value === undefined) return name;
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // a malformed name is redacted with its value
    }
    return keepQuery.has(decoded) ? part : `${name}=${REDACTED}`;
  });
  return `${safePath}?${parts.join('&')}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
