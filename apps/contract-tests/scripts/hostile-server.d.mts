export declare const MODES: Record<
  | 'reset'
  | 'reset-after-request'
  | 'silent'
  | 'slow-body'
  | 'huge-body'
  | 'huge-chunked'
  | 'big-bodies'
  | 'redirect-loop'
  | 'truncated'
  | 'no-token'
  | 'garbage'
  | 'close-before-answer',
  string
>;
export type Mode = keyof typeof MODES;
export interface HostileServer {
  url: string;
  port: number;
  /** Requests received (connections, for `reset` on every request). */
  requests(): number;
  /** Bytes written to every connection so far. */
  bytesSent(): number;
  close(): Promise<void>;
}
export declare function startHostileServer(options: {
  mode: Mode;
  scope?: 'all' | 'after-token';
  port?: number;
  host?: string;
}): Promise<HostileServer>;
