export interface ServeOptions {
  port?: number;
  host?: string;
  root?: string;
  watchDir?: string;
  rebuild?: () => { ok: boolean; output: string } | Promise<{ ok: boolean; output: string }>;
  log?: (line: string) => void;
  debounceMs?: number;
  /** How long an idle kept-alive connection stays open, in ms (Node's default, 5000); the tests shorten it. */
  keepAliveTimeout?: number;
}
export interface DocsServer {
  url: string;
  readonly rebuilds: number;
  close(): Promise<void>;
}
export function turboRebuild(): { ok: boolean; output: string };
export function serveDocs(options?: ServeOptions): Promise<DocsServer>;
