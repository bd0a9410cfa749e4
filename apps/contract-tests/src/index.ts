export { runContract, ContractConfigError, SUITES, type ContractOptions } from './run.js';
export { main, parseCli, USAGE, UsageError } from './cli.js';
export { CHECKS, REGISTRY, RESPONSE_CHECKS, type CheckName } from './checks/registry.js';
export type { Check, Runs } from './checks/define.js';
export type { CheckOutcome } from './checks/outcome.js';
export type { CheckResult, Outcome } from './results.js';
export { junitXml, jsonReport, writeReports, type RunReport } from './report/files.js';
export { coverageLine, summaryTable, failureDetails, unreachedLines } from './report/text.js';
export type { Coverage, PairCoverage } from './report/summary.js';
