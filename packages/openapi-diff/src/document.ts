// Loading a spec (a YAML or JSON file, or `REV:path` from git), with a map from JSON pointers to
// the lines they start on, so that annotations land on the right line of the file.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { pointerParts, type JsonObject } from '@klavi-pay/openapi-runtime';

export interface LoadedSpec {
  /** Where it came from: a file path, or `REV:path`. */
  source: string;
  /** The file to annotate, when the spec is a file of the working tree. */
  file?: string;
  doc: JsonObject;
  /** The 1-based line a pointer starts on, if known. */
  lineOf(pointer: string): number | undefined;
}

export function parseSpec(text: string, source: string, file?: string): LoadedSpec {
  // JSON is read with JSON.parse, which is many times faster than a YAML parse of a large bundle;
  // the YAML document (for line numbers) is only built when a format asks for a line.
  let doc: JsonObject | undefined;
  if (/^\s*\{/.test(text)) {
    try {
      doc = JSON.parse(text) as JsonObject;
    } catch {
      doc = undefined; // not JSON after all: the YAML parser below reports what is wrong
    }
  }
  let parsed: { document: ReturnType<typeof parseDocument>; lineCounter: LineCounter } | undefined;
  const yaml = () => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      parsed = { document: parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter };
    }
    return parsed;
  };
  if (!doc) {
    const { document } = yaml();
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
    doc = document.toJS({ maxAliasCount: -1 }) as JsonObject;
  }
  if (!doc || typeof doc !== 'object' || typeof doc.openapi !== 'string')
    throw new Error(`${source} is not an OpenAPI document (no "openapi" field)`);
  return {
    source,
    ...(file ? { file } : {}),
    doc,
    lineOf(pointer) {
      const { document, lineCounter } = yaml();
      let node: unknown = document.contents;
      // The line of a map entry is the line of its key: `kind:`, not the first line of its value.
      let keyNode: YamlNode | undefined;
      for (const key of pointerParts(pointer)) {
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === key,
          );
          keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
          node = pair?.value;
        } else if (isSeq(node)) {
          node = node.get(Number(key), true);
          keyNode = undefined;
        } else return undefined;
      }
      const range = (keyNode ?? (node as YamlNode | undefined))?.range;
      return range ? lineCounter.linePos(range[0]).line : undefined;
    },
  };
}

/** Reads `path`, or `REV:path` through `git show` when no such file exists. */
export function loadSpec(ref: string, cwd = process.cwd()): LoadedSpec {
  if (existsSync(ref)) return parseSpec(readFileSync(ref, 'utf8'), ref, ref);
  const revision = /^([^:]+):(.+)$/.exec(ref);
  if (!revision)
    throw new Error(`${ref}: no such file (use REV:path for a file in git, e.g. origin/main:spec/dist/openapi.yaml)`);
  let text: string;
  try {
    text = execFileSync('git', ['show', `${revision[1]}:${revision[2]}`], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`${ref}: git show failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
  }
  return parseSpec(text, ref);
}
