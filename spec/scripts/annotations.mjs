// GitHub Actions workflow commands for lint findings, placed on the source line an author edited.
// - Spectral lints the bundle; each result's JSON path is mapped back to the multi-file source
//   (createSourceMap), so the annotation lands in e.g. spec/components/schemas/Amount.yaml.
// - Redocly lints the source but names files relative to spec/; they are rebased on the repo root.
// Every command ends with a newline, so the next line is never glued into a message.
import { relative } from 'node:path';

// Workflow command escaping, as @actions/core does it.
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND = ['error', 'warning', 'notice', 'notice'];

/** `::error file=…,line=…,col=…,title=…::message`, with a trailing newline. */
export function annotation({ severity, file, line, column, title, message }) {
  const props = [
    file && `file=${escapeProperty(file)}`,
    line && `line=${line}`,
    line && column && `col=${column}`,
    title && `title=${escapeProperty(title)}`,
  ].filter(Boolean);
  return `::${COMMAND[severity] ?? 'error'} ${props.join(',')}::${escapeData(message)}\n`;
}

/** Where a Spectral result was written: the source file and line, or the bundle's own when the map has nothing. */
export function spectralLocation(result, { sourceMap, bundleFile }) {
  const mapped = Array.isArray(result.path) ? sourceMap?.locate(result.path) : undefined;
  if (mapped) return { file: mapped.file, line: mapped.line, column: mapped.column, exact: mapped.exact };
  return { file: bundleFile, line: result.range.start.line + 1, column: result.range.start.character + 1, exact: true };
}

export function spectralAnnotations(results, options) {
  return results
    .map((result) => {
      const at = spectralLocation(result, options);
      const path = Array.isArray(result.path) && result.path.length > 0 ? ` (at ${result.path.join('.')})` : '';
      return annotation({
        severity: result.severity,
        file: at.file,
        line: at.line,
        column: at.column,
        title: `spectral ${result.code}`,
        message: `${result.message}${path}`,
      });
    })
    .join('');
}

/**
 * Redocly's github-actions output with each `file=` rebased from `fromDir` (where Redocly ran)
 * onto `rootDir`, one command per line, each ending with a newline.
 */
export function rebaseRedocly(text, { fromDir, rootDir }) {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::'))
    .map(
      (line) =>
        `${line.replace(/(?<=[ ,])file=([^,:]+)/, (_, file) => `file=${relative(rootDir, `${fromDir}/${file}`).split('\\').join('/')}`)}\n`,
    )
    .join('');
}
