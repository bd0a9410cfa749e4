// What the differ reports. Each rule has one id, a fixed severity and a direction: a change to what
// clients send (request) is judged differently from a change to what they receive (response). A
// webhook is a request the API sends and the merchant's receiver reads, so its body and headers are
// judged as a response; the `webhook-*` rules are what only a webhook has.

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** JSON pointer of the change: into the head document, or into the base one for what was removed. */
  pointer: string;
  side: 'head' | 'base';
  message: string;
  /** The operations the change reaches, as `METHOD /path`, and the webhooks, as `webhooks.name METHOD`. */
  operations: string[];
}

export const RULES = {
  // Operations and their shape
  'operation-removed': {
    severity: 'error',
    about: 'An operation was removed (allowed, as info, once it is deprecated and past its x-sunset date).',
  },
  'operation-id-changed': {
    severity: 'error',
    about: 'An operationId was renamed: generated clients name their methods after it.',
  },
  'path-parameter-renamed': {
    severity: 'error',
    about: 'A path parameter was renamed: typed clients pass path parameters by name.',
  },
  'response-status-removed': { severity: 'error', about: 'A documented response status was removed.' },
  'request-media-type-removed': { severity: 'error', about: 'A request media type was removed.' },
  'response-media-type-removed': { severity: 'error', about: 'A response media type was removed.' },
  'server-removed': {
    severity: 'error',
    about: 'A server URL an operation was served at is gone: clients configured with it fail.',
  },
  // What clients send
  'request-body-became-required': {
    severity: 'error',
    about: 'A request body that was optional (or absent) is now required.',
  },
  'request-parameter-became-required': {
    severity: 'error',
    about: 'A new required parameter or header, or an optional one made required.',
  },
  'request-parameter-removed': {
    severity: 'error',
    about: 'A parameter clients may send was removed; servers that refuse unknown parameters will refuse it.',
  },
  'request-parameter-serialization-changed': {
    severity: 'error',
    about: "A parameter's style, explode or allowReserved changed: clients serialise it the old way.",
  },
  'request-property-became-required': {
    severity: 'error',
    about: 'A request property is newly required, or a new required property was added.',
  },
  'request-property-removed': {
    severity: 'error',
    about:
      'A request property was removed from a schema that refuses unknown properties (a warning when the schema ignores them).',
  },
  'request-pattern-tightened': {
    severity: 'error',
    about:
      'A request value got a pattern, or one that does not accept every string the old one did (decided by regular-language inclusion).',
  },
  'request-max-length-decreased': { severity: 'error', about: 'A request value got a smaller (or a first) maxLength.' },
  'request-min-length-increased': { severity: 'error', about: 'A request value got a larger (or a first) minLength.' },
  'request-range-narrowed': {
    severity: 'error',
    about: 'A request number got a higher minimum or a lower maximum (or a first one), exclusive bounds included.',
  },
  'request-enum-value-removed': {
    severity: 'error',
    about: 'A request enum or const lost a value, or a free value became an enum.',
  },
  'request-type-changed': { severity: 'error', about: 'A request value no longer accepts a type it accepted.' },
  'request-constraint-tightened': {
    severity: 'error',
    about:
      'A request value got a tighter multipleOf, minItems/maxItems, uniqueItems, min/maxProperties or format, or its object now refuses unknown properties.',
  },
  'request-default-changed': {
    severity: 'error',
    about:
      'A request default changed or was removed: clients that leave the value out get other behaviour (a first default is info).',
  },
  'request-branch-removed': {
    severity: 'error',
    about: 'A request oneOf/anyOf branch was removed: clients that send that variant are refused.',
  },
  // What clients receive
  'response-property-removed': { severity: 'error', about: 'A response property was removed.' },
  'response-property-type-changed': {
    severity: 'error',
    about: 'A response value may now have a type it could not have before.',
  },
  'response-required-removed': {
    severity: 'error',
    about: 'A response property is no longer required: clients that read it may find nothing.',
  },
  'response-const-changed': {
    severity: 'error',
    about: 'A response value that was always one constant is now another.',
  },
  'response-constraint-loosened': {
    severity: 'error',
    about:
      'A response value may now break a limit it kept: a larger maxLength or maxItems, a smaller minimum, a pattern or format dropped or widened, an enum dropped.',
  },
  'response-branch-added': {
    severity: 'error',
    about: 'A response oneOf/anyOf branch was added: clients may receive a shape they do not handle.',
  },
  'response-header-removed': {
    severity: 'error',
    about: 'A required response header is gone (a warning for an optional one).',
  },
  'response-header-became-optional': { severity: 'error', about: 'A required response header may now be absent.' },
  'response-enum-value-added': {
    severity: 'warning',
    about: 'A response enum gained a value that existing clients do not handle.',
  },
  // Webhooks: the API sends them, the merchant's receiver reads them
  'webhook-removed': {
    severity: 'error',
    about:
      'A webhook was removed: receivers no longer get the event (allowed, as info, once it is deprecated and past its x-sunset date).',
  },
  'webhook-method-changed': {
    severity: 'error',
    about: 'A webhook is sent with another HTTP method: receivers routed on the old one do not get it.',
  },
  'webhook-media-type-changed': {
    severity: 'error',
    about: "A webhook's body is no longer sent as a media type, or may come as a new one: receivers parse the old one.",
  },
  'webhook-header-removed': {
    severity: 'error',
    about:
      'A required webhook header (the signature, its timestamp) is gone or renamed: receivers that check it refuse every delivery (a warning for an optional one).',
  },
  'webhook-header-became-optional': {
    severity: 'error',
    about: 'A required webhook header may now be absent: receivers that check it refuse deliveries without it.',
  },
  'webhook-enum-value-added': {
    severity: 'error',
    about:
      'A webhook body or header value may be one receivers do not handle; a refused delivery is retried, then the event is lost.',
  },
  // Authentication
  'security-changed': {
    severity: 'error',
    about:
      'A client that met one of the security requirements before no longer meets any, or a scheme it uses was redefined.',
  },
  // Additions and relaxations: a minor release
  'operation-added': { severity: 'info', about: 'A new operation.' },
  'operation-deprecated': { severity: 'info', about: 'An operation is newly deprecated.' },
  'request-parameter-added': { severity: 'info', about: 'A new optional parameter.' },
  'request-parameter-became-optional': { severity: 'info', about: 'A required parameter became optional.' },
  'request-body-became-optional': { severity: 'info', about: 'A required request body became optional.' },
  'request-media-type-added': { severity: 'info', about: 'A new request media type.' },
  'request-property-added': { severity: 'info', about: 'A new optional request property.' },
  'request-property-became-optional': { severity: 'info', about: 'A required request property became optional.' },
  'request-enum-value-added': { severity: 'info', about: 'A request enum accepts a new value.' },
  'request-constraint-loosened': {
    severity: 'info',
    about:
      'A request value accepts more than before (a wider type, bound, pattern or format, a new branch, unknown properties).',
  },
  'response-property-added': { severity: 'info', about: 'A new response property.' },
  'response-property-became-required': { severity: 'info', about: 'A response property is now always present.' },
  'response-constraint-tightened': {
    severity: 'info',
    about: 'A response value is promised within tighter limits (or loses an enum value or branch).',
  },
  'response-status-added': { severity: 'info', about: 'A new documented response status.' },
  'response-media-type-added': { severity: 'info', about: 'A new response media type.' },
  'response-header-added': { severity: 'info', about: 'A new response header, or an optional one made required.' },
  'security-relaxed': {
    severity: 'info',
    about:
      'Every client that met the security requirements still does, and more may: an alternative or anonymous access was added, or a scope dropped.',
  },
  'server-added': { severity: 'info', about: 'A new server URL.' },
  'webhook-added': {
    severity: 'info',
    about: 'A new webhook: a new event, which receivers acknowledge and ignore until they handle it.',
  },
  'webhook-header-added': {
    severity: 'info',
    about: 'A webhook header is new, or an optional one is now always sent.',
  },
} as const satisfies Record<string, { severity: Severity; about: string }>;

export type RuleId = keyof typeof RULES;

/** The semver bump a set of findings calls for: any error is breaking. */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export function verdict(findings: Finding[], documentsDiffer: boolean): Bump {
  if (findings.some((f) => f.severity === 'error')) return 'major';
  if (findings.length > 0) return 'minor';
  return documentsDiffer ? 'patch' : 'none';
}

export const BUMP_ORDER: Bump[] = ['none', 'patch', 'minor', 'major'];
