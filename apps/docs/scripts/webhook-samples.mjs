// x-codeSamples for every webhook of the spec (the payment events, DECISIONS.md D-50), generated
// from the model's reading of it (event name, signature and timestamp headers, first example),
// never written by hand per webhook:
// - shell, in curl's slot: sign the example event with `openssl dgst -sha256 -hmac`, send it to
//   your endpoint with curl as a test delivery, and verify a received event the same way;
// - TypeScript: a fetch-style handler that verifies with `verifyKlaviEvent` from @klavi-pay/client
//   over the raw body, ignores an eventId it has already processed and answers 2xx.
// - JavaScript, Python, Ruby, PHP, Java, Go and C# (samples/webhook-verify.mjs): a verify function
//   and a program that checks a saved delivery.
// The tests run the shell sample with sh and openssl, type-check and run the TypeScript one, and
// run every other language's program on a signed, an altered and a stale delivery.
//
// The page's renderer (redocly build-docs) shows only the payload in a webhook's sample panel and
// never its x-codeSamples, so the samples are also added to the end of the webhook's description,
// where the page shows them; x-codeSamples keeps them for other tools reading dist/openapi.json.

import { isObject, pointerGet } from '@klavi-pay/openapi-runtime';
import { CONTROL_PREFIX } from '@klavi-pay/sandbox';
import { VERIFY_LANGUAGES } from './samples/webhook-verify.mjs';

/** @import { Json, JsonObject, SpecModel, SpecWebhook } from '@klavi-pay/openapi-runtime' */
/** @import { CodeSample } from './code-samples.mjs' */

/** Where the samples send a test delivery unless `KLAVI_WEBHOOK_URL` says otherwise. */
export const EXAMPLE_WEBHOOK_URL = 'http://127.0.0.1:3000/klavi/events';
/** The local sandbox the shell sample's comment points to (the console's default too). */
const LOCAL_SANDBOX = 'http://127.0.0.1:4010';
/** How far X-Klavi-Timestamp may be from the receiver's clock, in seconds (the client's default). */
export const TOLERANCE_SECONDS = 300;

/**
 * The header of `webhook` whose name matches `pattern`; each webhook must carry both.
 * @param {SpecWebhook} webhook
 * @param {RegExp} pattern
 * @param {string} what
 */
function headerName(webhook, pattern, what) {
  const header = webhook.headers.find((h) => pattern.test(h.name));
  if (!header) throw new Error(`webhook ${webhook.operationId} documents no ${what} header to build code samples from`);
  return header.name;
}

/** `X-Klavi-Signature` → `X_KLAVI_SIGNATURE`: the shell variable the sample reads a header from. */
const shellVariable = (/** @type {string} */ header) => header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The shell sample: one signing command, used to send a test delivery and to verify a received event.
 * @param {SpecWebhook & { eventName: string }} webhook
 * @param {Json} example
 * @param {string} signatureHeader
 * @param {string} timestampHeader
 */
function shellSample(webhook, example, signatureHeader, timestampHeader) {
  const signature = shellVariable(signatureHeader);
  const timestamp = shellVariable(timestampHeader);
  // A heredoc with a quoted delimiter writes the JSON untouched; no line of JSON is a bare word.
  return `# ${webhook.eventName}: Klavi signs the raw body with your application's secretKey.
# ${signatureHeader} is its hex HMAC-SHA256, ${timestampHeader} the time sent, in Unix seconds.
klavi_sign() { openssl dgst -sha256 -hmac "$KLAVI_SECRET_KEY" < "$1" | sed 's/^.*= //'; }

# 1. Send your endpoint a test delivery, signed as Klavi signs it (the spec's example).
cat > event.json <<'EVENT'
${JSON.stringify(example, null, 2)}
EVENT
curl -sS -X POST "\${KLAVI_WEBHOOK_URL:-${EXAMPLE_WEBHOOK_URL}}" \\
  -H 'Content-Type: application/json' \\
  -H "${signatureHeader}: $(klavi_sign event.json)" \\
  -H "${timestampHeader}: $(date +%s)" \\
  --data-binary @event.json \\
  -o /dev/null -w 'your endpoint answered %{http_code} (a 2xx acknowledges)\\n'
# Or have the local sandbox (npx klavi-sandbox --webhook-url URL) send one:
#   curl -X POST ${LOCAL_SANDBOX}${CONTROL_PREFIX}/webhooks/trigger -H 'Content-Type: application/json' \\
#     -d '{"eventName": "${webhook.eventName}"}'

# 2. Verify an event you received: its body saved byte for byte in event.json (before any JSON
#    parsing), its headers in $${signature} and $${timestamp}.
[ "$(klavi_sign event.json)" = "\${${signature}:?the ${signatureHeader} header}" ] ||
  { echo 'refused: the signature does not match the body' >&2; exit 1; }
age=$(( $(date +%s) - \${${timestamp}:?the ${timestampHeader} header} ))
[ "\${age#-}" -le ${TOLERANCE_SECONDS} ] ||
  { echo 'refused: the timestamp is more than ${TOLERANCE_SECONDS} s from now' >&2; exit 1; }
echo 'verified'
# Then: ignore an eventId you have already processed, and answer 2xx (anything else is resent).
# In a server, compare the signatures in constant time, as verifyKlaviEvent does.`;
}

/**
 * The TypeScript sample: a fetch-style handler built on `verifyKlaviEvent`.
 * @param {SpecWebhook & { eventName: string }} webhook
 */
function typescriptSample(webhook) {
  return `import { KlaviEventVerificationError, verifyKlaviEvent } from '@klavi-pay/client';

// eventIds already processed. Klavi resends an event until it gets a 2xx, with the same eventId:
// keep them where every instance of your service sees them (a unique key in your database).
const processed = new Set<string>();

// POST at your webhook URL, fetch-style: Deno.serve(handleKlaviEvent), Bun.serve({ fetch: handleKlaviEvent }),
// a Next.js route's POST, or Hono's app.post(path, (c) => handleKlaviEvent(c.req.raw)).
export async function handleKlaviEvent(request: Request): Promise<Response> {
  // The raw body, read before any JSON parsing: the signature is over these exact bytes.
  const rawBody = await request.text();
  let event;
  try {
    event = await verifyKlaviEvent(rawBody, request.headers, process.env.KLAVI_SECRET_KEY!, {
      toleranceSeconds: ${TOLERANCE_SECONDS},
    });
  } catch (error) {
    // Refused (error.reason says which check failed): not from Klavi, or altered, or stale.
    if (error instanceof KlaviEventVerificationError) return new Response(error.reason, { status: 400 });
    throw error;
  }
  // A resend of an event already handled: acknowledge it, do nothing.
  if (processed.has(event.eventId)) return new Response(null, { status: 204 });
  if (event.eventName === '${webhook.eventName}') {
    const { id, status } = event.data;
    console.log(\`\${event.eventName}: \${id} is \${status}\`);
  }
  processed.add(event.eventId);
  return new Response(null, { status: 204 });
}
`;
}

/**
 * The samples of one webhook.
 * @param {JsonObject} spec
 * @param {SpecWebhook} webhook
 * @returns {CodeSample[]}
 */
export function webhookSamples(spec, webhook) {
  const { eventName } = webhook;
  if (!eventName) throw new Error(`webhook ${webhook.operationId} fixes no eventName to build code samples from`);
  if (!webhook.requestExamplePointer)
    throw new Error(`webhook ${webhook.operationId} has no example event to build code samples from`);
  const example = pointerGet(spec, webhook.requestExamplePointer);
  if (example === undefined)
    throw new Error(`webhook ${webhook.operationId}'s example is not at ${webhook.requestExamplePointer}`);
  const named = { ...webhook, eventName };
  const signature = headerName(webhook, /signature/i, 'signature');
  const timestamp = headerName(webhook, /timestamp/i, 'timestamp');
  const context = {
    eventName,
    signatureHeader: signature,
    timestampHeader: timestamp,
    signatureEnv: shellVariable(signature),
    timestampEnv: shellVariable(timestamp),
    tolerance: TOLERANCE_SECONDS,
  };
  return [
    { lang: 'curl', label: 'curl', source: shellSample(named, example, signature, timestamp) },
    { lang: 'TypeScript', label: '@klavi-pay/client', source: typescriptSample(named) },
    ...VERIFY_LANGUAGES.map(({ lang, label, render }) => ({ lang, label, source: render(context) })),
  ];
}

/** Markdown's fence for `source`: longer than any run of backticks in it. */
function fence(/** @type {string} */ source) {
  const longest = Math.max(2, ...[...source.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/**
 * The Markdown language of each sample language, for the description's code blocks.
 * @type {Record<string, string>}
 */
const MARKDOWN_LANGUAGE = {
  curl: 'sh',
  TypeScript: 'ts',
  JavaScript: 'js',
  Python: 'python',
  Ruby: 'ruby',
  PHP: 'php',
  Java: 'java',
  Go: 'go',
  'C#': 'csharp',
};

/**
 * The samples as the Markdown the description ends with.
 * @param {readonly CodeSample[]} samples
 */
export function samplesMarkdown(samples) {
  // The variables the programs read the headers from, as the shell sample names them.
  const variables = /\$\{(X_[A-Z_]+):\?/g;
  const [signatureVariable, timestampVariable] = [...(samples[0]?.source ?? '').matchAll(variables)].map((m) => m[1]);
  const blocks = samples.map((sample) => {
    const marks = fence(sample.source);
    return `${marks}${MARKDOWN_LANGUAGE[sample.lang] ?? ''}\n${sample.source.trimEnd()}\n${marks}`;
  });
  return `### Verify this event

In shell, with \`openssl\` (and a signed test delivery sent with \`curl\`):

${blocks[0]}

With \`verifyKlaviEvent\` from \`@klavi-pay/client\`, in a fetch-style handler:

${blocks[1]}

In the other languages, a \`verify\` function to call from your handler with the raw body and the
two headers, and a program that checks a delivery saved as \`event.json\` (the headers in
\`${signatureVariable}\` and \`${timestampVariable}\`):

${samples
  .slice(2)
  .map((sample, i) => `${sample.label}:\n\n${blocks[i + 2]}`)
  .join('\n\n')}`;
}

/**
 * Adds x-codeSamples to every webhook of `spec`, and the samples to the end of its description (in
 * place), and returns the samples by operationId.
 * @param {JsonObject} spec
 * @param {SpecModel} model the model of `spec`
 * @returns {Record<string, CodeSample[]>}
 */
export function addWebhookSamples(spec, model) {
  /** @type {Record<string, CodeSample[]>} */
  const byOperation = {};
  for (const webhook of model.webhooks) {
    const samples = webhookSamples(spec, webhook);
    const operation = pointerGet(spec, webhook.pointer);
    if (!isObject(operation))
      throw new Error(
        `webhook ${webhook.operationId} is not at ${webhook.pointer} in the spec: the model is of another spec`,
      );
    operation['x-codeSamples'] = samples;
    const description = typeof operation.description === 'string' ? operation.description.trimEnd() : '';
    operation.description = `${description ? `${description}\n\n` : ''}${samplesMarkdown(samples)}\n`;
    byOperation[webhook.operationId] = samples;
  }
  return byOperation;
}
