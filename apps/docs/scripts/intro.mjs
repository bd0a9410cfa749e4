// The sections the docs add to the spec's own introduction (which already explains auth,
// idempotency and errors): environments, the state machines as diagrams, and how the code
// samples were made. Everything is derived from the spec.

/**
 * The parts of the bundled spec the introduction reads, and the description it extends.
 * @typedef {object} IntroSpec
 * @property {{ description: string }} info
 * @property {Array<{ url: string, description?: string, 'x-environment'?: string }>} servers
 * @property {{ schemas: Record<string, { 'x-terminal-values': string[] }> }} components
 */
/** @typedef {Pick<import('./diagrams.mjs').Diagram, 'schema' | 'file' | 'title' | 'common'>} IntroDiagram */

/** @param {IntroSpec} spec */
function environments(spec) {
  const rows = spec.servers.map(
    (server) => `| \`${server['x-environment'] ?? ''}\` | \`${server.url}\` | ${server.description ?? ''} |`,
  );
  return `## Environments

| \`environment\` | Base URL | What it is for |
|---|---|---|
${rows.join('\n')}
| (local) | \`http://127.0.0.1:4010\` | The sandbox simulator of this toolkit (\`pnpm sandbox\`): the same API, offline, with demo credentials and a clock you control. |

Sandbox and production use different credentials. In \`@klavi-pay/client\`, pass \`environment\` (or
\`baseUrl\` for the local simulator).`;
}

/**
 * @param {IntroSpec} spec
 * @param {readonly IntroDiagram[]} diagrams
 */
function stateMachines(spec, diagrams) {
  const sections = diagrams.map(({ schema, file, title, common }) => {
    const enumSchema = spec.components.schemas[schema];
    if (!enumSchema) throw new Error(`the spec has no schema ${schema} to list the terminal statuses of`);
    const terminal = enumSchema['x-terminal-values'].map((s) => `\`${s}\``).join(', ');
    const faint = common.length
      ? ` Dashed grey arrows: any status that is not terminal can also move to ${common.map((s) => `\`${s}\``).join(' or ')}.`
      : '';
    // The column is narrower than the drawing: the image opens at full size in a tab of its own.
    return `### ${title}

<a class="klavi-diagram" href="/${file}" target="_blank" rel="noopener" title="Open the diagram at full size">![${title} statuses](/${file})</a>

Terminal statuses (double border): ${terminal}.${faint}`;
  });
  // Root-relative: Redoc routes by path (/section/…), so a relative URL would not resolve on every
  // page, and its Markdown renderer drops data: URIs. The site is therefore served at the root.
  return `## Payment and consent state machines

Drawn from the \`x-transitions\` of each status enum in the spec, so the diagrams cannot disagree
with the API description. Poll the status endpoints (or use \`awaitPaymentStatus\` in the client)
until a terminal status.

${sections.join('\n\n')}`;
}

const CODE_SAMPLES = `## Code samples

Every operation shows its call in curl, TypeScript with \`@klavi-pay/client\`, JavaScript (fetch),
Python, Ruby, PHP, Java, Go and C#. All are generated from the operation's own example when the docs
are built, and every one of them is run against the sandbox in the docs' tests. Each requests its
own token with the keys in \`KLAVI_ACCESS_KEY\` and \`KLAVI_SECRET_KEY\` (the Management API's in
\`KLAVI_MANAGEMENT_ACCESS_KEY\` and \`KLAVI_MANAGEMENT_SECRET_KEY\`; curl takes a token in
\`KLAVI_ACCESS_TOKEN\`), and calls \`KLAVI_BASE_URL\` when it is set (\`http://127.0.0.1:4010\` for the
local sandbox). A create makes a fresh \`clientRequestId\` each time it runs
(\`openssl rand -hex 16\` in curl, a UUID or 128 random bits elsewhere): the documented one is taken by whoever sent it
first, and a second create with it is answered 409. The Try it console does the same.

Every payment event (the webhooks) shows how to verify it: in shell, signing the raw body with
\`openssl dgst -sha256 -hmac\` and sending yourself a signed test delivery with \`curl\`; and a
fetch-style handler with \`verifyKlaviEvent\` from \`@klavi-pay/client\` that ignores an \`eventId\` it
has already processed and answers 2xx. The docs' tests run the signing command against the
event's example and run the handler.`;

/**
 * Appends the docs' sections to `spec.info.description` (in place).
 * @param {IntroSpec} spec
 * @param {readonly IntroDiagram[]} diagrams
 */
export function extendIntroduction(spec, diagrams) {
  spec.info.description =
    [spec.info.description.trimEnd(), environments(spec), stateMachines(spec, diagrams), CODE_SAMPLES].join('\n\n') +
    '\n';
}
