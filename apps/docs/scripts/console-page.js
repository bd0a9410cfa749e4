// The "Try it" console, in the page (see console.mjs for what it is given). It follows the
// operation in Redoc's URL, sends requests to the sandbox the reader names, lists the payment
// events a request caused (the sandbox's own record of them), and writes answers as text only:
// nothing a server returns becomes markup.
/** @import { ConsoleOperation } from './console-data.js' */
(() => {
  const data = window.KLAVI_CONSOLE;
  const byId = new Map(data.operations.map((op) => [op.operationId, op]));
  const params = new URLSearchParams(location.search);
  const stored = (/** @type {string} */ key, /** @type {string} */ fallback) =>
    params.get(key) ?? localStorage.getItem(`klavi-console:${key}`) ?? fallback;
  /** @type {Map<string, string>} */
  const tokens = new Map();
  /**
   * Ids the last answers gave, to fill the next operation's path: {id}, {consentId}, {appId}.
   * @type {Record<string, string>}
   */
  const remembered = {};

  /**
   * An element with attributes, where `text` is its text and `on…` a listener, and children.
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string | EventListener>} [attrs]
   * @param {...(Node | string)} children
   * @returns {HTMLElementTagNameMap[K]}
   */
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      // String(): what the DOM makes of a value anyway. A listener must be a function.
      if (key === 'text') node.textContent = String(value);
      else if (key.startsWith('on')) {
        if (typeof value !== 'function') throw new TypeError(`${key} takes a listener`);
        node.addEventListener(key.slice(2), value);
      } else node.setAttribute(key, String(value));
    }
    node.append(...children);
    return node;
  };

  const toggle = el('button', {
    id: 'klavi-console-toggle',
    type: 'button',
    text: 'Try it',
    'aria-controls': 'klavi-console',
    'aria-expanded': 'false',
  });
  const panel = el('section', { id: 'klavi-console', hidden: '', 'aria-label': 'Try it console' });
  const sandbox = el('input', {
    id: 'klavi-console-sandbox',
    value: stored('sandbox', data.sandbox),
    spellcheck: 'false',
  });
  const select = el(
    'select',
    { id: 'klavi-console-operation' },
    ...data.operations.map((op) => el('option', { value: op.operationId, text: `${op.method} ${op.summary}` })),
  );
  // Any documented answer, on request: the sandbox honours `Prefer: code=NNN` (a real server ignores it).
  const prefer = el('select', { id: 'klavi-console-answer-wanted' });
  const pathFields = el('div', { id: 'klavi-console-path' });
  const query = el('input', { id: 'klavi-console-query', placeholder: 'query, e.g. pageSize=20', spellcheck: 'false' });
  const body = el('textarea', {
    id: 'klavi-console-body',
    rows: '14',
    spellcheck: 'false',
    'aria-label': 'Request body (JSON)',
  });
  const send = el('button', { id: 'klavi-console-send', type: 'button', text: 'Send' });
  const reset = el('button', { id: 'klavi-console-reset', type: 'button', text: 'Reset to the example' });
  const status = el('p', { id: 'klavi-console-status', role: 'status' });
  const answer = el('pre', { id: 'klavi-console-answer' });
  const actions = el('div', { id: 'klavi-console-actions' });
  const followLog = el('ol', { id: 'klavi-console-follow' });
  // The payment events the sandbox made for the resource of the last answer, and whether each was delivered.
  const eventsNote = el('p', { id: 'klavi-console-events-note' });
  const eventsList = el('ol', { id: 'klavi-console-events-list' });
  const events = el('section', { id: 'klavi-console-events', hidden: '', 'aria-label': 'Payment events' });
  events.append(eventsNote, eventsList);

  panel.append(
    el(
      'header',
      {},
      el('strong', { text: 'Try it against the sandbox' }),
      el('button', {
        id: 'klavi-console-close',
        type: 'button',
        'aria-label': 'Close the console',
        text: '×',
        onclick: () => {
          setOpen(false);
          // The toggle shows again once the drawer is closed: the focus goes back to it.
          toggle.focus();
        },
      }),
    ),
    // The request on the left, what came back on the right (console-page.css lays them side by side).
    el(
      'div',
      { class: 'klavi-console-request' },
      el('label', { text: 'Sandbox ' }, sandbox),
      el('label', { text: 'Operation ' }, select),
      el('label', { text: 'Answer ' }, prefer),
      pathFields,
      query,
      body,
      el('div', { class: 'klavi-console-row' }, send, reset),
    ),
    el('div', { class: 'klavi-console-response' }, status, answer, actions, followLog, events),
  );
  document.body.append(toggle, panel);
  // The page makes room for the drawer while it is open (console-page.css).
  /**
   * Opens or closes the drawer, and at once (not on a later observer turn, so that the toggle can
   * take the focus back) the room the page makes for it and what the toggle says of it.
   * @param {boolean} opened
   */
  function setOpen(opened) {
    panel.hidden = !opened;
    document.documentElement.classList.toggle('klavi-console-open', opened);
    toggle.setAttribute('aria-expanded', String(opened));
  }

  const current = () => {
    const op = byId.get(select.value);
    if (!op) throw new Error(`no operation ${select.value} in the console's data`);
    return op;
  };

  /** @param {ConsoleOperation} op */
  function show(op) {
    prefer.replaceChildren(
      el('option', { value: '', text: 'what the sandbox does' }),
      ...op.answers.map((a) => el('option', { value: a.status, text: `${a.status} ${a.title}` })),
    );
    pathFields.replaceChildren(
      ...op.pathParameters.map((p) =>
        el(
          'label',
          { text: `${p.name} ` },
          el('input', { 'data-param': p.name, value: remembered[p.name] ?? p.example, spellcheck: 'false' }),
        ),
      ),
    );
    query.hidden = op.queryParameters.length === 0;
    query.value = '';
    body.hidden = op.body === undefined;
    body.value =
      op.body === undefined
        ? ''
        : JSON.stringify(withToday(withFreshKey(withKeys(op.body), op.idempotencyKey), op.todayFields), null, 2);
  }

  /**
   * The example with today's date in Brasília (UTC−3, no daylight saving) at each of `fields` it
   * holds: the documented example's dates are fixed, and a date in the past is answered 422.
   * @param {unknown} example
   * @param {string[] | undefined} fields
   */
  function withToday(example, fields) {
    if (!fields || fields.length === 0 || !example || typeof example !== 'object' || Array.isArray(example))
      return example;
    const today = new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 10);
    const copy = /** @type {Record<string, unknown>} */ ({ ...example });
    for (const name of fields) if (Object.hasOwn(copy, name)) copy[name] = today;
    return copy;
  }

  /**
   * The example with a fresh idempotency key where the operation has one: the documented example's
   * clientRequestId is fixed, and a second create with it is answered 409 (the curl sample, a
   * colleague or an earlier Send may have used it already).
   * @param {unknown} example
   * @param {string[] | undefined} path
   */
  function withFreshKey(example, path) {
    if (!path || path.length === 0 || !example || typeof example !== 'object') return example;
    const copy = structuredClone(example);
    /** @type {any} */
    let node = copy;
    for (const name of path.slice(0, -1)) {
      if (!node || typeof node !== 'object') return example;
      node = node[name];
    }
    if (!node || typeof node !== 'object') return example;
    node[/** @type {string} */ (path.at(-1))] = crypto.randomUUID();
    return copy;
  }

  /**
   * A whitelabel body carries the Customer pair: the sandbox's demo one, not the example's.
   * @param {unknown} example
   */
  function withKeys(example) {
    if (!example || typeof example !== 'object' || !('accessKey' in example)) return example;
    const pair = data.schemes.CustomerBearer;
    if (!pair) return example;
    return { ...example, accessKey: pair.accessKey, secretKey: pair.secretKey };
  }

  /** The operation in Redoc's URL (its routes end in the lower-cased operationId). */
  function fromLocation() {
    const slug = location.href.split(/[/#]/).pop()?.toLowerCase();
    return data.operations.find((op) => op.operationId.toLowerCase() === slug);
  }

  function open() {
    const op = fromLocation();
    if (op && op.operationId !== select.value) select.value = op.operationId;
    show(current());
    setOpen(true);
  }

  toggle.addEventListener('click', () => {
    if (!panel.hidden) {
      setOpen(false);
      return;
    }
    open();
    // The toggle hides while the drawer is open: the focus moves to the drawer's first field.
    sandbox.focus();
  });
  select.addEventListener('change', () => show(current()));
  reset.addEventListener('click', () => show(current()));
  sandbox.addEventListener('change', () => {
    localStorage.setItem('klavi-console:sandbox', sandbox.value);
    tokens.clear();
  });
  window.addEventListener('hashchange', () => !panel.hidden && open());

  const base = () => sandbox.value.replace(/\/+$/, '');

  /**
   * @param {string} scheme
   * @returns {Promise<string>}
   */
  async function token(scheme) {
    const cached = tokens.get(scheme);
    if (cached !== undefined) return cached;
    const pair = data.schemes[scheme];
    if (!pair) throw new Error(`the console has no ${scheme} keys`);
    const response = await fetch(base() + pair.tokenPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKey: pair.accessKey, secretKey: pair.secretKey }),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok || typeof json.accessToken !== 'string')
      throw new Error(`the ${scheme} token request answered ${response.status}: ${json.message ?? ''}`);
    tokens.set(scheme, json.accessToken);
    return json.accessToken;
  }

  /**
   * Sends `op` with the form's path, query and body; the answer as {response, json, text}.
   * @param {ConsoleOperation} op
   * @param {string} path
   * @param {string} [bodyText]
   * @param {string} [search]
   * @param {string} [wanted] a documented status to ask for, with `Prefer: code=`
   */
  async function call(op, path, bodyText, search = '', wanted = '') {
    /** @type {Record<string, string>} */
    const headers = {};
    if (wanted) headers.prefer = `code=${wanted}`;
    if (op.security) headers.authorization = `Bearer ${await token(op.security)}`;
    if (bodyText !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base()}${path}${search ? `?${search.replace(/^\?/, '')}` : ''}`, {
      method: op.method,
      headers,
      body: bodyText,
    });
    const text = await response.text();
    /** @type {any} Whatever JSON the server sent: the reads below check each field's type. */
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status === 401 && op.security) tokens.delete(op.security);
    return { response, json, text };
  }

  /** @param {ConsoleOperation} op */
  function filledPath(op) {
    let path = op.path;
    // show() makes these fields: each an <input>.
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (pathFields.querySelectorAll('input[data-param]')))
      path = path.replace(`{${input.dataset.param}}`, encodeURIComponent(input.value));
    return path;
  }

  const isHttp = (/** @type {string} */ value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };

  /**
   * Whose events the panel lists: a resource id and its event names; `done` once the sandbox said
   * it lists none (events off, or no such endpoint), so that its message is shown once. Each request
   * starts a new one, and an older listing still under way then writes nothing.
   * @type {{ id: string, names: readonly string[], done: boolean }}
   */
  let watched = { id: '', names: [], done: true };

  /**
   * Starts listing the events of resource `id`, if `op`'s answers name a resource that has events.
   * @param {ConsoleOperation} op
   * @param {string} id
   */
  function watchEvents(op, id) {
    watched = { id, names: op.events, done: op.events.length === 0 || !id };
    eventsNote.textContent = '';
    eventsList.replaceChildren();
    events.hidden = watched.done;
    return refreshEvents();
  }

  /**
   * Lists the watched resource's events again, as the sandbox has them.
   * @returns {Promise<boolean>} whether there is nothing more to wait for: every event delivered, or no list to read
   */
  async function refreshEvents() {
    const now = watched;
    if (now.done) return true;
    const url = `${base()}${data.eventsPath}?resourceId=${encodeURIComponent(now.id)}`;
    /** @type {any} Whatever JSON the sandbox sent: the reads below check each field's type. */
    let json;
    let response;
    try {
      response = await fetch(url);
      json = await response.json().catch(() => undefined);
    } catch (error) {
      json = { message: `no answer: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (now !== watched) return true;
    if (!response?.ok || !json || !Array.isArray(json.events)) {
      // 409: events are off; the sandbox says how to turn them on. Said once: no more reads.
      now.done = true;
      const message = json && typeof json.message === 'string' ? json.message : `HTTP ${response?.status}`;
      eventsNote.textContent =
        response?.status === 409
          ? `No payment events: ${message}`
          : `The sandbox lists no payment events (${message}). Start it with --webhook-url to see them.`;
      return true;
    }
    /** @type {unknown[]} */
    const listed = json.events;
    eventsNote.textContent = listed.length
      ? `Payment events for ${now.id}:`
      : `No payment events for ${now.id} yet (${now.names.join(', ')}).`;
    eventsList.replaceChildren(
      ...listed.map((entry) => {
        /** @type {any} */
        const item = entry;
        const event = item && typeof item === 'object' ? item.event : undefined;
        const name = typeof event?.eventName === 'string' ? event.eventName : '(no eventName)';
        const status = typeof event?.data?.status === 'string' ? event.data.status : '—';
        const delivered = item?.delivered === true;
        return el(
          'li',
          { class: delivered ? 'klavi-event-delivered' : 'klavi-event-pending' },
          el('span', { class: 'klavi-event-name', text: name }),
          ' · ',
          el('span', { class: 'klavi-event-status', text: status }),
          ' · ',
          el('span', { class: 'klavi-event-delivery', text: delivered ? 'delivered' : 'not delivered yet' }),
        );
      }),
    );
    return listed.every((entry) => /** @type {any} */ (entry)?.delivered === true);
  }

  send.addEventListener('click', async () => {
    const op = current();
    actions.replaceChildren();
    followLog.replaceChildren();
    watchEvents(op, '');
    let bodyText;
    if (op.body !== undefined) {
      try {
        bodyText = JSON.stringify(JSON.parse(body.value));
      } catch (error) {
        status.textContent = `The body is not JSON: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
    }
    status.textContent = `Sending ${op.method} ${op.path}…`;
    answer.textContent = '';
    try {
      const { response, json, text } = await call(
        op,
        filledPath(op),
        bodyText,
        query.hidden ? '' : query.value,
        prefer.value,
      );
      const applied = response.headers.get('preference-applied');
      const retryAfter = response.headers.get('retry-after');
      status.textContent = `${response.status} ${response.statusText} · x-request-id ${response.headers.get('x-request-id') ?? '—'}${retryAfter ? ` · Retry-After ${retryAfter}` : ''}${applied ? ` · asked for (${applied})` : ''}`;
      answer.textContent = json === undefined ? text : JSON.stringify(json, null, 2);
      if (!response.ok || !json || typeof json !== 'object') return;
      if (typeof json.id === 'string') void watchEvents(op, json.id);
      if (typeof json.id === 'string') {
        remembered.id = json.id;
        if (/consent/.test(op.path) && !/payments/.test(op.path)) remembered.consentId = json.id;
      }
      if (Array.isArray(json.data) && json.data[0]?.appId) remembered.appId = json.data[0].appId;
      const page = json.consentRedirectURL ?? json.paymentURL ?? json.consentURL;
      const follow = op.follow && byId.get(op.follow);
      const createdId = typeof json.id === 'string' ? json.id : undefined;
      if (typeof page === 'string' && isHttp(page))
        actions.append(
          el('a', {
            id: 'klavi-console-bank',
            href: page,
            target: '_blank',
            rel: 'noopener',
            text: 'Open the bank page',
            // Following starts with the bank page, so the statuses the approval passes through
            // (CONSENT_AUTHORIZED first) are read as they happen, not after the reader comes back.
            onclick: () => {
              if (follow && createdId) void followStatus(follow, op.terminal, createdId, op);
            },
          }),
        );
      if (follow && typeof json.id === 'string') {
        actions.append(
          el('button', {
            id: 'klavi-console-follow-button',
            type: 'button',
            text: 'Follow the status',
            onclick: () => followStatus(follow, op.terminal, json.id, op),
          }),
        );
      }
    } catch (error) {
      status.textContent = `No answer from ${base()}: ${error instanceof Error ? error.message : String(error)}. Is klavi-sandbox running there?`;
    }
  });

  const second = () => new Promise((resolve) => setTimeout(resolve, 1000));
  let followRun = 0;

  /**
   * Reads the status once a second until it is terminal (or two minutes pass), listing each change,
   * and the payment events of the resource with it; then waits (ten seconds at most) for the last
   * events to be delivered.
   * @param {ConsoleOperation} op
   * @param {readonly string[]} terminal
   * @param {string} id
   * @param {ConsoleOperation} created the operation whose answer gave `id`
   */
  async function followStatus(op, terminal, id, created) {
    // One follow at a time: a new one (the button after the bank link) takes over from the last.
    const run = ++followRun;
    followLog.replaceChildren();
    if (watched.id !== id) void watchEvents(created, id);
    let last;
    for (let i = 0; i < 120 && run === followRun; i++) {
      const { response, json } = await call(op, op.path.replace('{id}', encodeURIComponent(id)));
      const now = response.ok && json ? json.status : `${response.status}`;
      if (now !== last) followLog.append(el('li', { text: now }));
      last = now;
      await refreshEvents();
      if (!response.ok || terminal.includes(now)) break;
      await second();
    }
    for (let i = 0; i < 10 && !(await refreshEvents()); i++) await second();
  }
})();
