export { diffSpecs, type DiffOptions } from './diff.js';
export { loadSpec, parseSpec, type LoadedSpec } from './document.js';
export { BUMP_ORDER, RULES, verdict, type Bump, type Finding, type RuleId, type Severity } from './findings.js';
export {
  format,
  formatGithubActions,
  formatJson,
  formatMarkdown,
  formatText,
  FORMATS,
  type Format,
  type Result,
} from './format.js';
export { main, USAGE } from './cli.js';
export { sunsetOf, sunsetPassed } from './sunset.js';
