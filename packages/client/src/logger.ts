/**
 * What the client reports about its own work. Events carry no credentials, tokens or bodies, by
 * construction: there is no field that could hold one.
 */
export type KlaviClientEvent =
  | { type: 'token'; scheme: string; expiresInS: number }
  | { type: 'token-rejected'; scheme: string; operationId: string }
  | { type: 'retry'; operationId: string; attempt: number; delayMs: number; reason: string; requestId: string }
  | {
      type: 'response';
      operationId: string;
      method: string;
      status: number;
      attempts: number;
      ms: number;
      requestId: string;
    };

export type KlaviLogger = (event: KlaviClientEvent) => void;
