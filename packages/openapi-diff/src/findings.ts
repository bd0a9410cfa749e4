// What the differ reports. Each rule has one id, a fixed severity and a direction: a change to what
// clients send (request) is judged differently from a change to what they receive (response).

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** JSON pointer of the change: into the head document, or into the base one for what was removed. */
  pointer: string;
  side: 'head' | 'base';
  message: string;
  /** The operations the change reaches, as `METHOD /path`. */
  operations: string[];
}

export const RULES = {
  'operation-removed': { severity: 'error', about: 'An operation was removed (allowed, as info, once it is deprecated and past its x-sunset date).' },
  'operation-id-changed': { severity: 'error', about: 'An operationId was renamed: generated clients name their methods after it.' },
  'path-parameter-renamed': { severity: 'error', about: 'A path parameter was renamed: typed clients pass path parameters by name.' },
  'request-body-became-required': { severity: 'error', about: 'A request body that was optional (or absent) is now required.' },
  'request-property-became-required': { severity: 'error', about: 'A request property is newly required, or a new required property was added.' },
  'request-parameter-became-required': { severity: 'error', about: 'A new required parameter or header, or an optional one made required.' },
  'request-parameter-removed': { severity: 'error', about: 'A parameter clients may send was removed; servers that refuse unknown parameters will refuse it.' },
  'request-property-removed': { severity: 'error', about: 'A request property was removed from a schema that refuses unknown properties.' },
  'request-pattern-tightened': { severity: 'error', about: 'A request value got a pattern, or a different one: values valid before may be refused.' },
  'request-max-length-decreased': { severity: 'error', about: 'A request value got a smaller (or a first) maxLength.' },
  'request-min-length-increased': { severity: 'error', about: 'A request value got a larger (or a first) minLength.' },
  'request-range-narrowed': { severity: 'error', about: 'A request number got a higher minimum or a lower maximum (or a first one).' },
  'request-enum-value-removed': { severity: 'error', about: 'A request enum lost a value, or a free value became an enum.' },
  'request-type-changed': { severity: 'error', about: 'A request value no longer accepts a type it accepted.' },
  'response-property-removed': { severity: 'error', about: 'A response property was removed.' },
  'response-property-type-changed': { severity: 'error', about: 'A response value may now have a type it could not have before.' },
  'response-required-removed': { severity: 'error', about: 'A response property is no longer required: clients that read it may find nothing.' },
  'response-enum-value-added': { severity: 'warning', about: 'A response enum gained a value that existing clients do not handle.' },
  'response-status-removed': { severity: 'error', about: 'A documented response status was removed.' },
  'request-media-type-removed': { severity: 'error', about: 'A request media type was removed.' },
  'response-media-type-removed': { severity: 'error', about: 'A response media type was removed.' },
  'security-changed': { severity: 'error', about: 'The security an operation requires changed, or a scheme it uses was redefined.' },
  'operation-added': { severity: 'info', about: 'A new operation.' },
  'request-property-added': { severity: 'info', about: 'A new optional request property.' },
  'response-property-added': { severity: 'info', about: 'A new response property.' },
  'response-status-added': { severity: 'info', about: 'A new documented response status.' },
} as const satisfies Record<string, { severity: Severity; about: string }>;

export type RuleId = keyof typeof RULES;

/** The semver bump a set of findings calls for: any error is breaking. */
export type Verdict = 'major' | 'minor' | 'patch' | 'none';

export function verdict(findings: Finding[], documentsDiffer: boolean): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'major';
  if (findings.length > 0) return 'minor';
  return documentsDiffer ? 'patch' : 'none';
}

export const BUMP_ORDER: Verdict[] = ['none', 'patch', 'minor', 'major'];
