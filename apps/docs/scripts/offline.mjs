// Keeps the page on the machine. Redoc 3's own code loads two things from Redocly's CDN that no
// option turns off: the "API docs by Redocly" logo in the sidebar's footer. The page loads them
// from its own server instead: a wordmark drawn here (the attribution stays), and a favicon of
// our own, so the browser's automatic /favicon.ico request has an answer. Telemetry is off in
// redocly.yaml (disableTelemetry). The browser tests record every request a visit makes.

/** Third-party assets in Redoc's bundle, and the local file each becomes. */
export const REPLACED_ASSETS = [
  { from: 'https://cdn.redoc.ly/redoc/logo-mini-full.svg', to: '/redocly-logo-full.svg' },
  { from: 'https://cdn.redoc.ly/redoc/logo-mini.svg', to: '/redocly-logo.svg' },
];

const WORDMARK = (/** @type {string} */ text, /** @type {number} */ width) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="Redocly"><text x="0" y="15" font-family="system-ui, sans-serif" font-size="15" font-weight="700" fill="#e0245e">${text}</text></svg>\n`;

/** The files the page loads from its own server, by name. */
export const LOCAL_ASSETS = {
  'redocly-logo-full.svg': WORDMARK('Redocly', 64),
  'redocly-logo.svg': WORDMARK('R', 12),
  // A Pix-like diamond in the reference's colours.
  'favicon.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="6" y="6" width="20" height="20" rx="4" transform="rotate(45 16 16)" fill="#32bcad"/><circle cx="16" cy="16" r="4" fill="#fff"/></svg>\n',
};

/**
 * The page with every asset of REPLACED_ASSETS served locally and a favicon link. Throws when one
 * is not found: a Redoc release that moved it would otherwise call the CDN again unnoticed.
 * @param {string} html
 */
export function keepOffline(html) {
  let page = html;
  for (const { from, to } of REPLACED_ASSETS) {
    if (!page.includes(from)) throw new Error(`the page no longer names ${from}: check what Redoc loads now`);
    page = page.split(from).join(to);
  }
  const head = page.indexOf('</head>');
  if (head < 0) throw new Error('the page has no </head> for the favicon link');
  return `${page.slice(0, head)}<link rel="icon" type="image/svg+xml" href="/favicon.svg">${page.slice(head)}`;
}
