export { runContract, ContractConfigError, SUITES, type ContractOptions } from './run.js';
// Drives the sandbox's bank page (approve or reject a consentRedirectURL), for other test suites.
export { decideAtBank, type BankOutcome } from './bank.js';
export { main, parseCli, USAGE, UsageError } from './cli.js';
export { CHECKS, REGISTRY, RESPONSE_CHECKS, type CheckName } from './checks/registry.js';
export type { Check, Runs } from './checks/define.js';
export type { CheckOutcome } from './checks/outcome.js';
export type { CheckResult, Outcome } from './results.js';
export { junitXml, jsonReport, writeReports, type RunReport } from './report/files.js';
export { coverageLine, summaryTable, failureDetails, unreachedLines } from './report/text.js';
export type { Coverage, PairCoverage } from './report/summary.js';
export { API_CHECKS, RECEIVER_CHECKS, type ReceiverCheckName } from './checks/registry.js';
export { runWebhooks, type WebhookRunOptions } from './webhooks/run.js';
export { parseWebhookCli, WEBHOOKS_USAGE } from './webhooks/cli.js';
export { signBody } from './webhooks/sign.js';
export { PROCESSED_HEADER, type ReceiverAnswer } from './webhooks/answer.js';
export type { AnyReport, WebhookReport } from './report/files.js';
