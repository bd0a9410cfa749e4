export declare const DEMO_CUSTOMER: { accessKey: string; secretKey: string };
export declare const DEMO_MANAGEMENT: { accessKey: string; secretKey: string };
export declare const HEALTH_PATH: string;
export declare function paymentRequest(clientRequestId: string): Record<string, unknown>;
export declare function waitHealthy(
  baseUrl: string,
  options?: { timeoutMs?: number; intervalMs?: number },
): Promise<void>;
export declare function createPhase(options: {
  baseUrl: string;
  state: string;
  timeoutMs?: number;
}): Promise<{ id: string; clientRequestId: string; status: string }>;
export declare function readPhase(options: {
  baseUrl: string;
  state: string;
  timeoutMs?: number;
}): Promise<{ id: string; status: string; [field: string]: unknown }>;
export declare function contractArgs(baseUrl: string): string[];
export declare function readmeDataRun(readme: string): { line: string; volume: string; file: string };
export declare function dockerSmoke(options?: {
  context?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<void>;
export declare function smokeMain(argv: string[]): Promise<number>;
