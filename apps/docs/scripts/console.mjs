// The "Try it" console of the API reference: a panel that sends the operation on screen to a
// local sandbox (`klavi-sandbox`, CORS allows local pages) with its documented example or an edited
// body, fetches the token with the sandbox's demo keys, shows the answer, opens the bank page a
// create returns and follows the resource's status to the end; it can also ask the sandbox for any
// documented answer of the operation (a 503, a 429 with Retry-After) with a `Prefer: code=NNN` header. Everything it knows of the API is
// taken from the spec model at build time (operations, security, token operations, examples,
// terminal statuses, which payment events follow a resource); the page script (console-page.js)
// only renders and sends. It lists the payment events a request caused from the sandbox's
// GET /__sandbox/webhooks/events?resourceId=ID.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { derefAt, isObject, pointerGet, resolvePointer } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { CONTROL_PREFIX, DEMO_CREDENTIALS } from '@klavi-pay/sandbox';
import { earliestTodayFields, parameterExample } from './code-samples.mjs';

/** @import { JsonObject, SpecModel, SpecOperation } from '@klavi-pay/openapi-runtime' */
/** @import { Credential } from '@klavi-pay/sandbox' */
/** @import { ConsoleData } from './console-data.js' */

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SANDBOX = 'http://127.0.0.1:4010';

/**
 * The sandbox's demo key pairs, by scheme; a scheme of the spec the sandbox has none for gets empty keys.
 * @type {Readonly<Record<string, readonly Credential[] | undefined>>}
 */
const demoCredentials = DEMO_CREDENTIALS;

/**
 * The GET …/{id}/status that follows what `op` creates, if there is one (payment-links follow payments).
 * @param {SpecModel} model
 * @param {SpecOperation} op
 * @returns {SpecOperation | undefined}
 */
function statusOperation(model, op) {
  if (op.method !== 'POST') return undefined;
  const collection = op.path.replace(/-links$/, 's');
  return model.operations.find((o) => o.method === 'GET' && o.path === `${collection}/{id}/status`);
}

/** A path with its parameters' names left out: `/consents/{}/payments/{}`. */
const shape = (/** @type {string} */ path) => path.replace(/\{[^}]+\}/g, '{}');

/**
 * The GET …/{id}/status of the resource whose id `op`'s answer gives: the resource its path names
 * (`/payments/{id}`, `/payments/{id}/cancel`), else the one it creates in its collection (a
 * payment-link creates a payment). The most specific one wins: a consent's payment, not the consent.
 * @param {SpecModel} model
 * @param {SpecOperation} op
 * @returns {SpecOperation | undefined}
 */
function resourceStatusOperation(model, op) {
  const path = shape(op.path);
  const created = op.method === 'POST' ? shape(op.path.replace(/-links$/, 's')) : undefined;
  let found;
  let length = -1;
  for (const candidate of model.operations) {
    if (candidate.method !== 'GET' || !/\/\{[^}]+\}\/status$/.test(candidate.path)) continue;
    const resource = shape(candidate.path).slice(0, -'/status'.length);
    const collection = resource.slice(0, resource.lastIndexOf('/'));
    const names = path === resource || path.startsWith(`${resource}/`) || created === collection;
    if (names && resource.length > length) [found, length] = [candidate, resource.length];
  }
  return found;
}

/**
 * The eventNames of the webhooks about the resource whose id `op`'s answer gives: those whose
 * `data` is what that resource's status endpoint answers (spec DECISIONS D-50).
 * @param {JsonObject} spec
 * @param {SpecModel} model
 * @param {SpecOperation} op
 * @returns {string[]}
 */
function resourceEvents(spec, model, op) {
  const status = resourceStatusOperation(model, op);
  const answer = status?.responsePointers['200'];
  if (!answer) return [];
  const schema = resolvePointer(spec, answer);
  return model.webhooks.flatMap((w) =>
    w.eventName && w.dataPointer && resolvePointer(spec, w.dataPointer) === schema ? [w.eventName] : [],
  );
}

/**
 * The status enum an operation's 200 answer carries, for its terminal values.
 * @param {JsonObject} spec
 * @param {SpecModel} model
 * @param {SpecOperation} op
 * @returns {readonly string[]}
 */
function terminalStatuses(spec, model, op) {
  const pointer = op.responsePointers['200'];
  const properties = pointer ? derefAt(spec, pointer)?.properties : undefined;
  const status = isObject(properties) ? properties.status : undefined;
  const ref = isObject(status) ? status.$ref : undefined;
  const name = typeof ref === 'string' ? ref.split('/').pop() : undefined;
  const machine = name ? model.stateMachines[name] : undefined;
  return machine ? machine.terminal : [];
}

/**
 * The documented answers of `op`, each with the first clause of its description as its title.
 * @param {JsonObject} spec
 * @param {SpecOperation} op
 * @returns {import('./console-data.js').ConsoleAnswer[]}
 */
function documentedAnswers(spec, op) {
  return Object.keys(op.responsePointers).map((status) => {
    const response = derefAt(spec, `${op.pointer}/responses/${status}`);
    const description = typeof response?.description === 'string' ? response.description : '';
    const title =
      description
        .split(/[:.\n]/)[0]
        ?.trim()
        .slice(0, 80) ?? '';
    return { status, title };
  });
}

/**
 * What the page script needs, per operation.
 * @param {JsonObject} spec
 * @param {SpecModel} [model] the model of `spec`; by default the one the spec package publishes
 * @returns {ConsoleData}
 */
export function consoleData(spec, model = MODEL) {
  const operations = model.operations.map((op) => {
    const follow = statusOperation(model, op);
    return {
      operationId: op.operationId,
      summary: op.summary ?? op.operationId,
      method: op.method,
      path: op.path,
      security: op.security,
      body: op.requestExamplePointer ? pointerGet(spec, op.requestExamplePointer) : op.bodyPointer ? {} : undefined,
      idempotencyKey: op.idempotencyKey ? [...op.idempotencyKey] : undefined,
      todayFields: op.bodyPointer ? earliestTodayFields(spec, op.bodyPointer) : undefined,
      pathParameters: op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => ({ name: p.name, example: String(parameterExample(spec, p)) })),
      queryParameters: op.parameters.filter((p) => p.in === 'query').map((p) => p.name),
      follow: follow?.operationId,
      terminal: follow ? terminalStatuses(spec, model, follow) : [],
      answers: documentedAnswers(spec, op),
      events: resourceEvents(spec, model, op),
    };
  });
  const schemes = Object.fromEntries(
    Object.entries(model.securitySchemes).map(([name, scheme]) => {
      const token = model.operations.find((o) => o.operationId === scheme.tokenOperation);
      if (!token)
        throw new Error(
          `the console cannot fetch a ${name} token: ${scheme.tokenOperation ? `no operation is ${scheme.tokenOperation}` : 'the scheme names no x-token-operation'}`,
        );
      const [pair] = demoCredentials[name] ?? [];
      return [name, { tokenPath: token.path, accessKey: pair?.accessKey ?? '', secretKey: pair?.secretKey ?? '' }];
    }),
  );
  return { sandbox: DEFAULT_SANDBOX, eventsPath: `${CONTROL_PREFIX}/webhooks/events`, operations, schemes };
}

/**
 * The `<style>` and `<script>` to put before `</body>` of the built page.
 * @param {JsonObject} spec
 * @param {SpecModel} [model]
 */
export function consoleMarkup(spec, model) {
  const data = JSON.stringify(consoleData(spec, model)).replace(/</g, '\\u003c');
  const css = readFileSync(join(here, 'console-page.css'), 'utf8');
  const js = readFileSync(join(here, 'console-page.js'), 'utf8');
  return `<style>${css}</style>\n<script>window.KLAVI_CONSOLE = ${data};</script>\n<script>${js.replace(/<\/script/gi, '<\\/script')}</script>\n`;
}

/**
 * `html` with the console added, before the page's own closing tag (the inlined Redoc bundle holds "</body>" strings too).
 * @param {string} html
 * @param {JsonObject} spec
 * @param {SpecModel} [model]
 */
export function addConsole(html, spec, model) {
  const at = html.lastIndexOf('</body>');
  if (at < 0) throw new Error('the built page has no </body> to add the console before');
  return `${html.slice(0, at)}${consoleMarkup(spec, model)}${html.slice(at)}`;
}
