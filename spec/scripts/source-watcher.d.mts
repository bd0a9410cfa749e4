export declare function isSpecSource(file: string): boolean;
export interface SourceWatcher {
  /** Resolves once every file is followed: saves from then on are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}
export declare function watchSpecSources(
  specDir: string,
  options: { onChange: (files: string[]) => void; onError?: (error: Error) => void; debounceMs?: number },
): SourceWatcher;
