// What the page adds for readers with assistive technology and the keyboard, where Redoc 3 falls
// short (axe-core's serious and critical findings, checked in the browser tests):
// - contrast: accessibility.css darkens the light theme's small text to WCAG AA;
// - names: Redoc's example menu button is named "Example" whatever it shows, so a speech user
//   saying the visible name cannot reach it; the script names it "Example: <shown example>";
// - keyboard: a code block or a table that scrolls (a long sample, a wide table) can be focused,
//   so it can be scrolled with the arrow keys;
// - Escape closes the open menu (the code-sample language, the example) and gives the focus back
//   to its button, as the WAI-ARIA menu button pattern has it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CSS = readFileSync(join(here, 'accessibility.css'), 'utf8');

const SCRIPT = `(() => {
  const open = () => document.querySelector('[aria-haspopup="menu"][aria-expanded="true"]');
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      const button = open();
      if (!button) return;
      event.preventDefault();
      button.click();
      button.focus();
    },
    true,
  );
  const name = () => {
    for (const region of document.querySelectorAll('pre:not([tabindex]), .md-table-wrapper:not([tabindex])'))
      region.setAttribute('tabindex', '0');
    for (const button of document.querySelectorAll('button[aria-haspopup="menu"][aria-label="Example"]')) {
      const shown = (button.textContent || '').trim();
      if (shown) button.setAttribute('aria-label', 'Example: ' + shown);
    }
  };
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  name();
})();`;

/**
 * The page with the style at the end of <head> and the script before the closing </body>.
 * @param {string} html
 */
export function addAccessibility(html) {
  const head = html.indexOf('</head>');
  const body = html.lastIndexOf('</body>');
  if (head < 0 || body < 0) throw new Error('the page has no </head> or </body> for the accessibility fixes');
  return `${html.slice(0, head)}<style>${CSS}</style>${html.slice(head, body)}<script>${SCRIPT}</script>${html.slice(body)}`;
}
