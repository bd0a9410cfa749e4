export declare function isSpecSource(file: string): boolean;
export interface SourceWatcher {
  /** Resolves once every file is followed: saves from then on are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}
export interface WatchOptions {
  onChange: (files: string[]) => void;
  onError?: (error: Error) => void;
  debounceMs?: number;
  /** A path (relative to the root) not to look into at all. */
  skip?: (path: string) => boolean;
}
export declare function watchFiles(
  root: string,
  entries: string[],
  accept: (file: string) => boolean,
  options: WatchOptions,
): SourceWatcher;
export declare function watchSpecSources(specDir: string, options: WatchOptions): SourceWatcher;
