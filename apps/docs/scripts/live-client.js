// `pnpm dev`'s script in the page (live.mjs puts it there): it follows the dev server's event
// stream, re-renders Redoc in place with each new good document (the reader keeps the page, its
// scroll position and everything typed into it), and shows the problems of the newest save in an
// overlay that goes when they are fixed. The page keeps the last good document meanwhile.
(() => {
  const root = document.documentElement;
  /** @type {string | undefined} */
  let shown;
  let rendering = Promise.resolve();

  /** @param {string} version */
  async function render(version) {
    if (version === shown) return;
    const redoc = /** @type {any} */ (window).__klaviRedoc;
    if (!redoc) {
      // A page shell whose Redoc could not be reached: a reload shows the new document all the same.
      location.reload();
      return;
    }
    const response = await fetch('/__dev/document.json', { cache: 'no-store' });
    if (!response.ok) return;
    const served = response.headers.get('x-document-version') ?? version;
    const spec = await response.json();
    const y = window.scrollY;
    const old = document.getElementById('redoc');
    const fresh = document.createElement('div');
    fresh.id = 'redoc';
    if (old) old.replaceWith(fresh);
    else document.body.prepend(fresh);
    redoc.init(spec, redoc.options, fresh);
    // Redoc renders asynchronously: wait (a bounded while) for its content, then scroll back.
    for (let i = 0; i < 100 && fresh.childElementCount === 0; i++) await new Promise((r) => setTimeout(r, 20));
    window.scrollTo(0, y);
    shown = served;
    // When the page showed it (wall clock, ms): the bench times a save to this.
    root.dataset.klaviShownAt = String(Date.now());
    root.dataset.klaviDocument = served;
  }

  /** @param {Array<{ tool: string, severity: string, file: string, line: number, column: number, message: string, rule: string }>} problems */
  function overlay(problems) {
    document.getElementById('klavi-dev-overlay')?.remove();
    root.dataset.klaviProblems = String(problems.length);
    if (problems.length === 0) return;
    const box = document.createElement('div');
    box.id = 'klavi-dev-overlay';
    box.setAttribute('role', 'alert');
    box.style.cssText =
      'position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;overflow:auto;z-index:2147483647;' +
      'background:#1e1e1e;color:#f5f5f5;font:13px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;' +
      'border-left:6px solid #e5484d;border-radius:6px;box-shadow:0 8px 30px rgba(0,0,0,.35)';
    const title = document.createElement('strong');
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    // Spectral lints behind: its findings are about the document on the page. Anything else
    // stopped the newest save, and the page still shows the one before it.
    title.textContent = problems.every((p) => p.tool === 'spectral')
      ? `Spectral finds ${count} in this document.`
      : `The newest save has ${count}; this page shows the last good document.`;
    title.style.display = 'block';
    box.append(title);
    const list = document.createElement('ul');
    list.style.cssText = 'margin:.5rem 0 0;padding-left:1.25rem';
    for (const p of problems) {
      const item = document.createElement('li');
      item.textContent = `${p.file}:${p.line}:${p.column} ${p.severity} ${p.message} (${p.tool} ${p.rule})`;
      list.append(item);
    }
    box.append(list);
    document.body.append(box);
  }

  const events = new EventSource('/__dev/events');
  events.addEventListener('document', (event) => {
    const { version } = JSON.parse(/** @type {MessageEvent} */ (event).data);
    rendering = rendering
      .then(() => render(version))
      .catch((error) => console.warn('pnpm dev: could not render', error));
  });
  events.addEventListener('problems', (event) =>
    overlay(JSON.parse(/** @type {MessageEvent} */ (event).data).problems),
  );
  events.addEventListener('build', (event) => {
    const { state, summary } = JSON.parse(/** @type {MessageEvent} */ (event).data);
    root.dataset.klaviBuild = state;
    root.dataset.klaviBuildSummary = summary;
  });
})();
