// The differ's corpus: small edits of the real Klavi Pay bundle (@klavi-pay/spec), each with the
// verdict an API owner expects in both directions. `forward` is bundle → edited; `backward` is
// edited → bundle, so every "tightened" pair has its "loosened" twin, every "removed" its "added".
// An edit that no longer finds its target throws CorpusTargetMissing: the corpus follows the spec.
import type { Bump } from '../findings.js';

// The documents are plain JSON being edited in place, and an edit may reach anywhere into one: `Doc`
// (any node of a document, the whole of it included) keeps each edit a one-liner. The helpers below
// find an edit's target through `must()`, which throws CorpusTargetMissing when it is not there.
// biome-ignore lint/suspicious/noExplicitAny: a corpus edit reaches anywhere into a JSON document; must() checks its targets at run time
type Doc = any;

export interface CorpusCase {
  id: string;
  /** What the edit does, in the API owner's words. */
  about: string;
  /** The construct the case exercises: a rule family, for the per-area figures. */
  area:
    | 'operation'
    | 'parameter'
    | 'request-body'
    | 'response-body'
    | 'header'
    | 'composition'
    | 'conditional'
    | 'security'
    | 'server'
    | 'deprecation'
    | 'webhook'
    | 'wording';
  /** Applied to both sides first, when the pair needs a starting point the bundle does not have. */
  prepare?: (doc: Doc) => void;
  edit: (doc: Doc) => void;
  forward: Bump;
  backward: Bump;
}

export class CorpusTargetMissing extends Error {
  override name = 'CorpusTargetMissing';
}

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined || value === null)
    throw new CorpusTargetMissing(`the corpus edit needs ${what}, which the bundle no longer has`);
  return value;
};
/** Deletes `key`, which must be there. */
const remove = (from: Doc, key: string, what: string) => {
  must(from?.[key], what);
  delete from[key];
};
const schema = (d: Doc, name: string) => must(d.components?.schemas?.[name], `components.schemas.${name}`);
const prop = (d: Doc, name: string, property: string) =>
  must(schema(d, name).properties?.[property], `components.schemas.${name}.properties.${property}`);
const param = (d: Doc, name: string) => must(d.components?.parameters?.[name], `components.parameters.${name}`);
const pathOf = (d: Doc, operationId: string): string => {
  for (const [path, item] of Object.entries<Doc>(d.paths ?? {}))
    for (const op of Object.values<Doc>(item)) if (op?.operationId === operationId) return path;
  throw new CorpusTargetMissing(`the corpus edit needs operation ${operationId}`);
};
const op = (d: Doc, operationId: string) => {
  const item = d.paths[pathOf(d, operationId)];
  return Object.values<Doc>(item).find((o) => o?.operationId === operationId);
};
const methodOf = (d: Doc, operationId: string) =>
  Object.entries<Doc>(d.paths[pathOf(d, operationId)]).find(([, o]) => o?.operationId === operationId)![0];
const header = (d: Doc, name: string) => must(d.components?.headers?.[name], `components.headers.${name}`);
const addTags = (d: Doc) =>
  (schema(d, 'ClientMetadata').properties.tags = {
    type: 'array',
    maxItems: 5,
    items: { type: 'string', maxLength: 20 },
  });
const webhook = (d: Doc, name: string) => must(d.webhooks?.[name]?.post, `webhooks.${name}.post`);
const envelope = (d: Doc) => schema(d, 'PaymentEventEnvelope');
/** Drops `property` from a schema's properties and required list. */
const dropProperty = (s: Doc, property: string, what: string) => {
  remove(s.properties, property, what);
  s.required = (s.required ?? []).filter((name: string) => name !== property);
};
const jsonSchemaOf = (o: Doc, status: string) =>
  must(o.responses?.[status]?.content?.['application/json']?.schema, `a JSON ${status} response`);

export const CORPUS: CorpusCase[] = [
  // Operations
  {
    id: 'operation-removed',
    area: 'operation',
    about: 'getOrder is removed',
    edit: (d) => delete d.paths[pathOf(d, 'getOrder')][methodOf(d, 'getOrder')],
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'operation-id-renamed',
    area: 'operation',
    about: 'getOrder is renamed readOrder',
    edit: (d) => (op(d, 'getOrder').operationId = 'readOrder'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'path-parameter-renamed',
    area: 'operation',
    about: 'getOrder takes {orderId} where it took {id}',
    edit: (d) => {
      const path = pathOf(d, 'getOrder');
      const item = d.paths[path];
      delete d.paths[path];
      d.paths[path.replace('{id}', '{orderId}')] = item;
      item.get.parameters = item.get.parameters.map((p: Doc) =>
        p.$ref === '#/components/parameters/OrderIdPath' ? { ...param(d, 'OrderIdPath'), name: 'orderId' } : p,
      );
    },
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'response-status-removed',
    area: 'operation',
    about: 'getInstantPayment no longer documents 404',
    edit: (d) => remove(op(d, 'getInstantPayment').responses, '404', 'a 404 response'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-media-type-added',
    area: 'operation',
    about: 'createAutomaticPayment also accepts a form body',
    edit: (d) => {
      const content = op(d, 'createAutomaticPayment').requestBody.content;
      content['application/x-www-form-urlencoded'] = structuredClone(content['application/json']);
    },
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'response-media-type-removed',
    area: 'operation',
    about: 'getOrder 200 comes as application/hal+json instead of application/json',
    edit: (d) => {
      const content = op(d, 'getOrder').responses['200'].content;
      content['application/hal+json'] = content['application/json'];
      delete content['application/json'];
    },
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'response-media-type-added',
    area: 'operation',
    about: 'getOrder 200 may also come as application/hal+json',
    edit: (d) => {
      const content = op(d, 'getOrder').responses['200'].content;
      content['application/hal+json'] = structuredClone(content['application/json']);
    },
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'request-body-became-optional',
    area: 'operation',
    about: 'cancelInstantPayment may be called without a body',
    edit: (d) => (op(d, 'cancelInstantPayment').requestBody.required = false),
    forward: 'minor',
    backward: 'major',
  },

  // Parameters
  {
    id: 'query-parameter-added',
    area: 'parameter',
    about: 'listOrders gets an optional status filter',
    edit: (d) =>
      op(d, 'listOrders').parameters.push({
        name: 'status',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['PAYMENT_COMPLETED', 'PAYMENT_REJECTED'] },
      }),
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'query-parameter-became-required',
    area: 'parameter',
    about: 'pageSize must be sent',
    edit: (d) => (param(d, 'PageSizeQuery').required = true),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'header-parameter-required-added',
    area: 'parameter',
    about: 'createInstantPayment requires an X-Correlation-Id header',
    edit: (d) => {
      const operation = op(d, 'createInstantPayment');
      operation.parameters ??= [];
      operation.parameters.push({
        name: 'X-Correlation-Id',
        in: 'header',
        required: true,
        schema: { type: 'string' },
      });
    },
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'parameter-maximum-lowered',
    area: 'parameter',
    about: 'pageSize allows at most 100',
    edit: (d) => (param(d, 'PageSizeQuery').schema.maximum = 100),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'parameter-default-changed',
    area: 'parameter',
    about: 'pageSize defaults to 50',
    edit: (d) => (param(d, 'PageSizeQuery').schema.default = 50),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'parameter-multiple-of-added',
    area: 'parameter',
    about: 'pageSize must be a multiple of 10',
    edit: (d) => (param(d, 'PageSizeQuery').schema.multipleOf = 10),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'parameter-type-widened',
    area: 'parameter',
    about: 'pageSize accepts any number, not only integers',
    edit: (d) => (param(d, 'PageSizeQuery').schema.type = 'number'),
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'parameter-style-changed',
    area: 'parameter',
    about: 'pageSize, a list, is sent pipe-delimited',
    prepare: (d) => (param(d, 'PageSizeQuery').schema = { type: 'array', items: { type: 'integer' } }),
    edit: (d) => Object.assign(param(d, 'PageSizeQuery'), { style: 'pipeDelimited', explode: false }),
    forward: 'major',
    backward: 'major',
  },

  // Request bodies
  {
    id: 'request-property-removed-closed-by-oneof-parent',
    area: 'request-body',
    about: 'the optional date leaves InstantPaymentBase (closed by unevaluatedProperties on the oneOf parent)',
    edit: (d) => remove(schema(d, 'InstantPaymentBase').properties, 'date', 'InstantPaymentBase.date'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-property-became-required',
    area: 'request-body',
    about: "AutomaticPaymentRequest's creditorAccount becomes required",
    edit: (d) => schema(d, 'AutomaticPaymentRequest').required.push('creditorAccount'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-required-property-added',
    area: 'request-body',
    about: 'AutomaticPaymentRequest gets a new required purpose',
    edit: (d) => {
      schema(d, 'AutomaticPaymentRequest').properties.purpose = { type: 'string', maxLength: 140 };
      schema(d, 'AutomaticPaymentRequest').required.push('purpose');
    },
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'request-enum-value-removed',
    area: 'request-body',
    about: 'Platform no longer accepts APP',
    edit: (d) => (schema(d, 'Platform').enum = ['BROWSER']),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-pattern-loosened',
    area: 'request-body',
    about: "osVersion's pattern allows DEL",
    edit: (d) => (prop(d, 'ClientMetadata', 'osVersion').pattern = '^[^\\x00-\\x1F]+$'),
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'request-pattern-changed',
    area: 'request-body',
    about:
      'osVersion must look like a version number (and back: any printable text, which includes every version number)',
    edit: (d) => (prop(d, 'ClientMetadata', 'osVersion').pattern = '^\\d+(\\.\\d+)*$'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-max-length-decreased',
    area: 'request-body',
    about: 'osVersion allows 20 characters, not 50',
    edit: (d) => (prop(d, 'ClientMetadata', 'osVersion').maxLength = 20),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-min-length-increased',
    area: 'request-body',
    about: 'osVersion needs at least 2 characters',
    edit: (d) => (prop(d, 'ClientMetadata', 'osVersion').minLength = 2),
    forward: 'major',
    backward: 'minor',
  },
  // A request-only array (added by prepare), then AutoRetryStrategy.days, which requests send and
  // responses return: loosening it lets responses carry what clients never saw.
  {
    id: 'request-items-max-decreased',
    area: 'request-body',
    about: 'a request-only list allows 3 items, not 5',
    prepare: addTags,
    edit: (d) => (prop(d, 'ClientMetadata', 'tags').maxItems = 3),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-items-min-increased',
    area: 'request-body',
    about: 'a request-only list needs 2 items',
    prepare: addTags,
    edit: (d) => (prop(d, 'ClientMetadata', 'tags').minItems = 2),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'shared-items-max-decreased',
    area: 'request-body',
    about: 'autoRetryStrategy.days allows 2 retries, not 3',
    edit: (d) => (prop(d, 'AutoRetryStrategy', 'days').maxItems = 2),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'shared-unique-items-dropped',
    area: 'request-body',
    about: 'autoRetryStrategy.days may repeat a day',
    edit: (d) => remove(prop(d, 'AutoRetryStrategy', 'days'), 'uniqueItems', 'AutoRetryStrategy.days.uniqueItems'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'shared-item-range-narrowed',
    area: 'request-body',
    about: 'a retry day is at most 5',
    edit: (d) => (prop(d, 'AutoRetryStrategy', 'days').items.maximum = 5),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'request-default-changed',
    area: 'request-body',
    about: 'skipWeekend defaults to true',
    edit: (d) => (prop(d, 'AutoRetryStrategy', 'skipWeekend').default = true),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'request-type-changed',
    area: 'request-body',
    about: 'skipWeekend is sent as a string',
    edit: (d) => (prop(d, 'AutoRetryStrategy', 'skipWeekend').type = 'string'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'request-format-added',
    area: 'request-body',
    about: 'the customer email must be an idn-email',
    prepare: (d) => remove(prop(d, 'Customer', 'email'), 'format', 'Customer.email.format'),
    edit: (d) => (prop(d, 'Customer', 'email').format = 'idn-email'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'request-object-opened',
    area: 'request-body',
    about: 'AutomaticPaymentRequest accepts unknown properties',
    edit: (d) =>
      remove(
        schema(d, 'AutomaticPaymentRequest'),
        'additionalProperties',
        'AutomaticPaymentRequest.additionalProperties',
      ),
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'request-const-changed',
    area: 'request-body',
    about: "PIX_QRCODE's initType const is renamed",
    // Renamed wherever the value is named (the InitType enum the branch's allOf brings in, and the
    // discriminator mappings): the const alone would leave a branch whose allOf accepts no value.
    edit: (d) => {
      prop(d, 'InstantPaymentPixQrCode', 'initType').const = 'PIX_QR';
      const values: string[] = schema(d, 'InitType').enum;
      values[values.indexOf('PIX_QRCODE')] = 'PIX_QR';
      for (const name of ['InstantPaymentRequest', 'InstantPaymentDetails']) {
        const mapping = must(
          schema(d, name).discriminator?.mapping,
          `components.schemas.${name}.discriminator.mapping`,
        );
        mapping.PIX_QR = mapping.PIX_QRCODE;
        delete mapping.PIX_QRCODE;
      }
    },
    forward: 'major',
    backward: 'major',
  },

  // Response bodies
  {
    id: 'response-property-removed',
    area: 'response-body',
    about: 'AccessToken loses expireIn',
    edit: (d) => remove(schema(d, 'AccessToken').properties, 'expireIn', 'AccessToken.expireIn'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-required-removed',
    area: 'response-body',
    about: "AccessToken's expireIn is no longer required",
    edit: (d) => (schema(d, 'AccessToken').required = ['accessToken']),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-became-nullable',
    area: 'response-body',
    about: 'expireIn may be null',
    edit: (d) => (prop(d, 'AccessToken', 'expireIn').type = ['integer', 'null']),
    forward: 'major',
    backward: 'minor',
  },
  // A value no webhook carries: once the status enums went into webhook payloads (D-50), a new
  // status is the webhook pair `webhook-payload-enum-value-added` below.
  {
    id: 'response-enum-value-added',
    area: 'response-body',
    about: 'CancellationSource, which only responses carry, gains a value',
    edit: (d) => schema(d, 'CancellationSource').enum.push('REGULATOR'),
    forward: 'minor',
    backward: 'minor',
  },
  {
    id: 'response-max-length-increased',
    area: 'response-body',
    about: 'accessToken may be 16384 characters',
    edit: (d) => (prop(d, 'AccessToken', 'accessToken').maxLength = 16384),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-pattern-removed',
    area: 'response-body',
    about: "accessToken's JWT pattern is dropped",
    edit: (d) => remove(prop(d, 'AccessToken', 'accessToken'), 'pattern', 'AccessToken.accessToken.pattern'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-items-max-increased',
    area: 'response-body',
    about: 'an orders page may hold 500 items',
    edit: (d) => (prop(d, 'OrderList', 'data').maxItems = 500),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-oneof-branch-added',
    area: 'composition',
    about: 'getOrder may answer with a second, legacy shape',
    prepare: (d) => {
      const response = op(d, 'getOrder').responses['200'].content['application/json'];
      response.schema = { oneOf: [response.schema] };
    },
    edit: (d) =>
      jsonSchemaOf(op(d, 'getOrder'), '200').oneOf.push({
        type: 'object',
        required: ['legacyId'],
        properties: { legacyId: { type: 'string' } },
      }),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'shared-amount-pattern-narrowed',
    area: 'request-body',
    about: 'Amount (sent and received) allows 10 integer digits, not 16',
    edit: (d) => (schema(d, 'Amount').pattern = '^\\d{1,10}\\.\\d{2}$'),
    forward: 'major',
    backward: 'major',
  },

  // Composition
  {
    id: 'request-oneof-branch-removed',
    area: 'composition',
    about: 'createInstantPayment no longer takes PIX_QRCODE',
    edit: (d) => {
      const request = schema(d, 'InstantPaymentRequest');
      request.oneOf = request.oneOf.filter((b: Doc) => b.$ref !== '#/components/schemas/InstantPaymentPixQrCode');
      delete request.discriminator.mapping.PIX_QRCODE;
    },
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-anyof-branch-removed',
    area: 'composition',
    about: 'osVersion, a string or an integer, no longer takes an integer',
    prepare: (d) =>
      (schema(d, 'ClientMetadata').properties.osVersion = {
        anyOf: [{ type: 'string', maxLength: 50 }, { type: 'integer' }],
      }),
    edit: (d) => prop(d, 'ClientMetadata', 'osVersion').anyOf.pop(),
    forward: 'major',
    backward: 'minor',
  },

  // Conditionals
  {
    id: 'request-then-added',
    area: 'conditional',
    about: 'a PIX_MANU payment must carry remittanceInformation',
    edit: (d) =>
      Object.assign(schema(d, 'InstantPaymentPixManu'), {
        if: { properties: { initType: { const: 'PIX_MANU' } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's then keyword, written into the document under test
        then: { required: ['remittanceInformation'] },
      }),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'request-then-tightened',
    area: 'conditional',
    about: "a CPF's identifier must now have 10 characters at most",
    edit: (d) => (schema(d, 'DocumentIdentifier').then.properties.identifier.maxLength = 10),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'response-then-removed',
    area: 'conditional',
    about: 'a cancelled payment may come without its cancellation',
    edit: (d) => (schema(d, 'InstantPayment').allOf[1] = {}),
    forward: 'major',
    backward: 'minor',
  },

  // Response headers
  {
    id: 'response-header-removed',
    area: 'header',
    about: 'a 429 no longer sends Retry-After',
    edit: (d) => remove(d.components.responses.TooManyRequests.headers, 'Retry-After', 'a Retry-After header on 429'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-header-became-optional',
    area: 'header',
    about: 'Retry-After may be absent',
    edit: (d) => (header(d, 'RetryAfter').required = false),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'response-header-type-changed',
    area: 'header',
    about: 'Retry-After becomes an HTTP date',
    edit: (d) => (header(d, 'RetryAfter').schema = { type: 'string', format: 'http-date' }),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'response-header-maximum-lowered',
    area: 'header',
    about: 'Retry-After is at most an hour',
    edit: (d) => (header(d, 'RetryAfter').schema.maximum = 3600),
    forward: 'minor',
    backward: 'major',
  },

  // Security
  {
    id: 'security-alternative-added',
    area: 'security',
    about: 'getOrder also takes a Customer token',
    edit: (d) => op(d, 'getOrder').security.push({ CustomerBearer: [] }),
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'security-scheme-replaced',
    area: 'security',
    about: 'getOrder takes a Customer token instead of a Management one',
    edit: (d) => (op(d, 'getOrder').security = [{ CustomerBearer: [] }]),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'security-scheme-redefined',
    area: 'security',
    about: 'CustomerBearer becomes an API key header',
    edit: (d) => (d.components.securitySchemes.CustomerBearer = { type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'security-scheme-reworded',
    area: 'wording',
    about: "CustomerBearer's description changes",
    edit: (d) => (d.components.securitySchemes.CustomerBearer.description = 'A bearer token.'),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'security-scope-added',
    area: 'security',
    about: 'getOrder needs an orders:read scope',
    edit: (d) => (op(d, 'getOrder').security = [{ ManagementBearer: ['orders:read'] }]),
    forward: 'major',
    backward: 'minor',
  },

  // Servers
  {
    id: 'server-removed',
    area: 'server',
    about: 'the testing server is withdrawn',
    edit: (d) => (d.servers = d.servers.filter((s: Doc) => s['x-environment'] !== 'testing')),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'server-moved',
    area: 'server',
    about: 'production moves to a versioned base path',
    edit: (d) => (d.servers.find((s: Doc) => s['x-environment'] === 'production').url = 'https://api.klavi.ai/v2'),
    forward: 'major',
    backward: 'major',
  },

  // Deprecation
  {
    id: 'operation-deprecated',
    area: 'deprecation',
    about:
      'listAutomaticConsents is deprecated, with a sunset in 2027 (and back: the deprecation is withdrawn, which changes no contract)',
    edit: (d) => Object.assign(op(d, 'listAutomaticConsents'), { deprecated: true, 'x-sunset': '2027-06-30' }),
    forward: 'minor',
    backward: 'patch',
  },
  {
    id: 'operation-removed-after-sunset',
    area: 'deprecation',
    about: 'listAutomaticConsents, deprecated with a sunset that has passed, is removed',
    prepare: (d) => Object.assign(op(d, 'listAutomaticConsents'), { deprecated: true, 'x-sunset': '2026-01-31' }),
    edit: (d) => delete d.paths[pathOf(d, 'listAutomaticConsents')].get,
    forward: 'minor',
    backward: 'minor',
  },
  {
    id: 'operation-removed-before-sunset',
    area: 'deprecation',
    about: 'listAutomaticConsents, deprecated with a sunset still ahead, is removed',
    prepare: (d) => Object.assign(op(d, 'listAutomaticConsents'), { deprecated: true, 'x-sunset': '2099-01-31' }),
    edit: (d) => delete d.paths[pathOf(d, 'listAutomaticConsents')].get,
    forward: 'major',
    backward: 'minor',
  },

  // Webhooks: the API sends the request, the merchant's receiver reads it, so the payload and
  // headers are judged as a response is. The envelope and the headers are the webhooks' own; the
  // status enums are shared with the status endpoints (D-50).
  {
    id: 'webhook-payload-property-removed',
    area: 'webhook',
    about: 'the event envelope no longer carries partnerAppId',
    edit: (d) => dropProperty(envelope(d), 'partnerAppId', 'PaymentEventEnvelope.partnerAppId'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'webhook-payload-required-removed',
    area: 'webhook',
    about: "the event envelope's eventTime may be absent",
    edit: (d) => (envelope(d).required = envelope(d).required.filter((name: string) => name !== 'eventTime')),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'webhook-payload-enum-value-added',
    area: 'webhook',
    about:
      'AutomaticConsentStatus gains a value, which the consent event pushes to every receiver (the status endpoint only warns)',
    edit: (d) => schema(d, 'AutomaticConsentStatus').enum.push('CONSENT_SUSPENDED'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'webhook-payload-property-added',
    area: 'webhook',
    about: 'the event envelope gets an optional deliveryAttempt',
    edit: (d) => (envelope(d).properties.deliveryAttempt = { type: 'integer', minimum: 1, maximum: 6 }),
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'webhook-payload-required-property-added',
    area: 'webhook',
    about:
      'the event envelope gets a required apiVersion: the API now always sends it (a required request field would break clients)',
    edit: (d) => {
      envelope(d).properties.apiVersion = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
      envelope(d).required.push('apiVersion');
    },
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'webhook-removed',
    area: 'webhook',
    about: 'automatic_payment.status_changed is no longer sent',
    edit: (d) => remove(d.webhooks, 'automaticPaymentStatusChanged', 'webhooks.automaticPaymentStatusChanged'),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'webhook-added',
    area: 'webhook',
    about: 'a new event, instant_payment.refunded (receivers acknowledge an event they do not know, D-50)',
    edit: (d) => {
      schema(d, 'PaymentEventName').enum.push('instant_payment.refunded');
      const event = structuredClone(schema(d, 'InstantPaymentStatusChangedEvent'));
      event.properties.eventName = { type: 'string', const: 'instant_payment.refunded' };
      d.components.schemas.InstantPaymentRefundedEvent = event;
      const operation = structuredClone(webhook(d, 'instantPaymentStatusChanged'));
      Object.assign(operation, { operationId: 'instantPaymentRefunded', summary: 'Instant payment refunded' });
      operation.requestBody.content['application/json'].schema = {
        $ref: '#/components/schemas/InstantPaymentRefundedEvent',
      };
      delete operation.requestBody.content['application/json'].examples;
      d.webhooks.instantPaymentRefunded = { post: operation };
    },
    forward: 'minor',
    backward: 'major',
  },
  {
    id: 'webhook-signature-header-renamed',
    area: 'webhook',
    about: 'X-Klavi-Signature is renamed X-Klavi-Signature-256',
    edit: (d) => (param(d, 'KlaviSignatureHeader').name = 'X-Klavi-Signature-256'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'webhook-timestamp-header-removed',
    area: 'webhook',
    about: 'the events no longer carry X-Klavi-Timestamp',
    edit: (d) => {
      for (const name of Object.keys(must(d.webhooks, 'webhooks'))) {
        const operation = webhook(d, name);
        operation.parameters = operation.parameters.filter(
          (p: Doc) => p.$ref !== '#/components/parameters/KlaviTimestampHeader',
        );
      }
    },
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'webhook-timestamp-header-optional',
    area: 'webhook',
    about: 'X-Klavi-Timestamp may be absent',
    edit: (d) => (param(d, 'KlaviTimestampHeader').required = false),
    forward: 'major',
    backward: 'minor',
  },
  {
    id: 'webhook-timestamp-header-format-changed',
    area: 'webhook',
    about: 'X-Klavi-Timestamp is sent as an RFC 3339 date-time instead of Unix seconds',
    edit: (d) => (param(d, 'KlaviTimestampHeader').schema = { type: 'string', format: 'date-time' }),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'webhook-method-changed',
    area: 'webhook',
    about: 'instant_payment.status_changed is sent with PUT',
    edit: (d) => {
      const item = must(d.webhooks?.instantPaymentStatusChanged, 'webhooks.instantPaymentStatusChanged');
      item.put = webhook(d, 'instantPaymentStatusChanged');
      delete item.post;
    },
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'webhook-media-type-changed',
    area: 'webhook',
    about: 'instant_payment.status_changed is sent as application/cloudevents+json',
    edit: (d) => {
      const content = webhook(d, 'instantPaymentStatusChanged').requestBody.content;
      content['application/cloudevents+json'] = must(content['application/json'], 'a JSON webhook body');
      delete content['application/json'];
    },
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'webhook-removed-after-sunset',
    area: 'webhook',
    about: 'automatic_payment.status_changed, deprecated with a sunset that has passed, is no longer sent',
    prepare: (d) =>
      Object.assign(webhook(d, 'automaticPaymentStatusChanged'), { deprecated: true, 'x-sunset': '2026-01-31' }),
    edit: (d) => remove(d.webhooks, 'automaticPaymentStatusChanged', 'webhooks.automaticPaymentStatusChanged'),
    forward: 'minor',
    backward: 'minor',
  },
  {
    id: 'webhook-reworded',
    area: 'wording',
    about: "instant_payment.status_changed's description and example change",
    edit: (d) => {
      webhook(d, 'instantPaymentStatusChanged').description = 'Sent when an instant payment changes status.';
      const example = must(
        d.components?.examples?.InstantPaymentStatusChangedEvent?.value,
        'components.examples.InstantPaymentStatusChangedEvent',
      );
      example.eventId = '00000000-0000-4000-8000-000000000000';
    },
    forward: 'patch',
    backward: 'patch',
  },

  // Constructs both ways
  {
    id: 'request-pattern-swapped',
    area: 'request-body',
    about: 'osVersion: upper-case letters become lower-case ones (neither accepts the other)',
    prepare: (d) => (prop(d, 'ClientMetadata', 'osVersion').pattern = '^[A-Z]+$'),
    edit: (d) => (prop(d, 'ClientMetadata', 'osVersion').pattern = '^[a-z]+$'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'request-pattern-undecidable',
    area: 'request-body',
    about: 'osVersion gets a lookahead, which inclusion cannot model: judged as refusing',
    edit: (d) => (prop(d, 'ClientMetadata', 'osVersion').pattern = '^(?!N/A)[^\\x00-\\x1F\\x7F]+$'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'response-const-changed',
    area: 'response-body',
    about: "AccessToken's tokenType, always Bearer, becomes bearer",
    prepare: (d) => (schema(d, 'AccessToken').properties.tokenType = { const: 'Bearer' }),
    edit: (d) => (prop(d, 'AccessToken', 'tokenType').const = 'bearer'),
    forward: 'major',
    backward: 'major',
  },
  {
    id: 'response-object-opened',
    area: 'response-body',
    about: 'AccessToken may carry properties it does not list (clients ignore them)',
    prepare: (d) => (schema(d, 'AccessToken').additionalProperties = false),
    edit: (d) => remove(schema(d, 'AccessToken'), 'additionalProperties', 'AccessToken.additionalProperties'),
    forward: 'patch',
    backward: 'minor',
  },
  {
    id: 'response-required-became-optional-in-then',
    area: 'conditional',
    about: 'a CPF document answer no longer promises the identifier (a response-side conditional loosened)',
    prepare: (d) => (schema(d, 'DocumentIdentifier').then.required = ['identifier']),
    edit: (d) => remove(schema(d, 'DocumentIdentifier').then, 'required', 'DocumentIdentifier.then.required'),
    forward: 'major',
    backward: 'major',
  },

  // Refactors that change no contract
  {
    id: 'refactor-inline-to-allof',
    area: 'wording',
    about: 'AutomaticPaymentRequest moves its properties into an allOf member',
    edit: (d) => {
      const s = schema(d, 'AutomaticPaymentRequest');
      s.allOf = [{ type: 'object', required: s.required, properties: s.properties }];
      delete s.required;
      delete s.properties;
    },
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'refactor-ref-inlined',
    area: 'wording',
    about: "ClientMetadata's platform $ref is replaced by a copy of Platform",
    edit: (d) => (schema(d, 'ClientMetadata').properties.platform = structuredClone(schema(d, 'Platform'))),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'refactor-enum-reordered',
    area: 'wording',
    about: "OperatingSystem's values are sorted",
    edit: (d) => schema(d, 'OperatingSystem').enum.sort(),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'refactor-oneof-reordered',
    area: 'wording',
    about: "InstantPaymentRequest's branches are listed in another order",
    edit: (d) => schema(d, 'InstantPaymentRequest').oneOf.reverse(),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'refactor-security-reordered',
    area: 'wording',
    about: 'getOrder lists the same two alternatives the other way round',
    prepare: (d) => op(d, 'getOrder').security.push({ CustomerBearer: [] }),
    edit: (d) => op(d, 'getOrder').security.reverse(),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'refactor-extension-changed',
    area: 'wording',
    about: 'an x- extension and a title change',
    edit: (d) => Object.assign(schema(d, 'Amount'), { title: 'Amount', 'x-internal-note': 'money' }),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'refactor-header-name-case',
    area: 'wording',
    about: 'Retry-After is spelt retry-after (HTTP header names ignore case)',
    edit: (d) => {
      const headers = d.components.responses.TooManyRequests.headers;
      headers['retry-after'] = headers['Retry-After'];
      remove(headers, 'Retry-After', 'a Retry-After header on 429');
    },
    forward: 'patch',
    backward: 'patch',
  },

  // Wording: the document changes, the contract does not
  {
    id: 'description-reworded',
    area: 'wording',
    about: "Amount's description changes",
    edit: (d) => (schema(d, 'Amount').description = 'A BRL amount.'),
    forward: 'patch',
    backward: 'patch',
  },
  {
    id: 'example-changed',
    area: 'wording',
    about: "Amount's example changes",
    edit: (d) => (schema(d, 'Amount').examples = ['10.00']),
    forward: 'patch',
    backward: 'patch',
  },
];

/** The pair a case makes, as two fresh copies: [base, head] forward, [head, base] backward. */
export function corpusPair(bundle: unknown, c: CorpusCase, direction: 'forward' | 'backward'): [Doc, Doc] {
  const before = structuredClone(bundle) as Doc;
  c.prepare?.(before);
  const after = structuredClone(before);
  c.edit(after);
  return direction === 'forward' ? [before, after] : [after, before];
}
