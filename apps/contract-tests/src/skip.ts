/** Thrown by a case that cannot run against this server; the case is reported as skipped, with the reason. */
export class SkipCase extends Error {}
