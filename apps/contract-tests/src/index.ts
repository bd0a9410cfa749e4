export { runContract, ContractConfigError, SUITES, type ContractOptions } from './run.js';
export { main, parseCli, USAGE, UsageError } from './cli.js';
export { CHECKS, RESPONSE_CHECKS, type CheckName, type CheckResult, type Outcome } from './results.js';
export { junitXml, jsonReport, writeReports, type RunReport } from './report/files.js';
export { coverageLine, summaryTable, failureDetails } from './report/text.js';
export type { Coverage } from './report/summary.js';
