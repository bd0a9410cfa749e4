// Shared links that land where they point. Redoc's menu links sections and tags by path
// (/section/errors, /orders), but the page it builds finds its place only from the hash form
// (#/section/errors): a path opened fresh, in a new tab or from a shared link, showed the top of
// the introduction. This script, in the page's <head>, runs before Redoc starts and moves a
// path into the hash, without a reload, so Redoc opens at the entry the link names.

/** The script, as the page's <head> carries it. */
export const DEEP_LINK_SCRIPT = `<script>(function () {
  var path = location.pathname;
  if (path === '/' || location.hash || /\\.[a-z0-9]+$/i.test(path)) return;
  history.replaceState(history.state, '', '/' + location.search + '#' + path);
})();</script>`;

/**
 * The page with the script at the start of its <head>.
 * @param {string} html
 */
export function addDeepLinks(html) {
  const head = html.indexOf('<head>');
  if (head < 0) throw new Error('the page has no <head> for the deep-link script');
  const at = head + '<head>'.length;
  return `${html.slice(0, at)}${DEEP_LINK_SCRIPT}${html.slice(at)}`;
}
