// Where a node of the bundle was written: maps a JSON pointer into the bundled document back to
// the file and line of the multi-file source an author edits. It walks the source from its entry
// file, following external $refs (`$ref: paths/x.yaml`) as it goes. Components the bundler pulled
// in by reference live, by the file-per-component convention, at components/<type>/<Name>.yaml.
// A pointer the source does not have (a removal) lands on its nearest ancestor, marked inexact.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { pointerParts } from './pointer.js';

export interface SourceLocation {
  /** The file, relative to the map's `root`, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** False when the pointer was not found and this is its nearest ancestor. */
  exact: boolean;
}

export interface SourceMap {
  locate(pointer: string | readonly (string | number)[]): SourceLocation | undefined;
}

interface Parsed {
  contents: unknown;
  lines: LineCounter;
}

const COMPONENT_EXTENSIONS = ['.yaml', '.yml', '.json'];
const MAX_REF_HOPS = 32;

export function createSourceMap(entry: string, options: { root?: string } = {}): SourceMap {
  const root = resolve(options.root ?? process.cwd());
  const entryFile = resolve(entry);
  const cache = new Map<string, Parsed | null>();
  const load = (file: string): Parsed | null => {
    if (!cache.has(file)) {
      let parsed: Parsed | null = null;
      if (existsSync(file)) {
        const lines = new LineCounter();
        const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, uniqueKeys: false });
        parsed = { contents: document.contents, lines };
      }
      cache.set(file, parsed);
    }
    return cache.get(file)!;
  };
  const position = (file: string, node: YamlNode | undefined): Omit<SourceLocation, 'exact'> => {
    const { line, col } = node?.range ? load(file)!.lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return { file: relative(root, file).split('\\').join('/'), line, column: col };
  };
  const child = (node: unknown, key: string): { value: unknown; keyNode: YamlNode | undefined } | undefined => {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === key);
      return pair ? { value: pair.value, keyNode: isScalar(pair.key) ? pair.key : undefined } : undefined;
    }
    if (isSeq(node) && /^\d+$/.test(key) && Number(key) < node.items.length) {
      const value = node.items[Number(key)];
      return { value, keyNode: value as YamlNode };
    }
    return undefined;
  };
  /** The target of an external $ref at `node`, if it has one. */
  const follow = (file: string, node: unknown): { file: string; node: unknown } | undefined => {
    const ref = child(node, '$ref')?.value;
    const target = isScalar(ref) && typeof ref.value === 'string' ? ref.value : undefined;
    if (!target || target.startsWith('#')) return undefined;
    const [path, fragment = ''] = target.split('#');
    const targetFile = resolve(dirname(file), decodeURIComponent(path!));
    const parsed = load(targetFile);
    if (!parsed) return undefined;
    let at: unknown = parsed.contents;
    for (const part of fragment ? pointerParts(`#${fragment}`) : []) at = child(at, part)?.value;
    return at === undefined ? undefined : { file: targetFile, node: at };
  };
  const componentFile = (type: string, name: string) =>
    COMPONENT_EXTENSIONS.map((ext) => join(dirname(entryFile), 'components', type, `${name}${ext}`)).find((file) =>
      existsSync(file),
    );

  return {
    locate(pointer) {
      const parsed = load(entryFile);
      if (!parsed) return undefined;
      const parts = typeof pointer === 'string' ? pointerParts(pointer) : pointer.map(String);
      let file = entryFile;
      let node: unknown = parsed.contents;
      let best = position(file, node as YamlNode);
      for (let i = 0; i < parts.length; i++) {
        const key = parts[i]!;
        let next = child(node, key);
        // A key beside an external $ref is the referencing file's; otherwise follow the $ref.
        for (let hops = 0; !next && hops < MAX_REF_HOPS; hops++) {
          const target = follow(file, node);
          if (!target) break;
          ({ file, node } = target);
          next = child(node, key);
        }
        if (!next && i <= 2 && parts[0] === 'components' && parts.length > 2) {
          const found = componentFile(parts[1]!, parts[2]!);
          if (found && load(found)) {
            file = found;
            node = load(found)!.contents;
            best = position(file, node as YamlNode);
            i = 2;
            continue;
          }
        }
        if (!next) return { ...best, exact: false };
        node = next.value;
        best = position(file, next.keyNode ?? (node as YamlNode));
      }
      return { ...best, exact: true };
    },
  };
}
