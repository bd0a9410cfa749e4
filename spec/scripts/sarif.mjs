// Spectral's JSON results as a SARIF 2.1.0 log for GitHub code scanning. Spectral 6.16's own sarif
// formatter throws ("Your SARIF log is invalid") when any rule of the ruleset has an empty
// description, which ours inherits, so the log is written here from the JSON output instead.
const LEVEL = ['error', 'warning', 'note', 'note'];

/** `results` is Spectral's `--format json` output; `file` the path code scanning should show. */
export function spectralToSarif(results, { file, version }) {
  const rules = new Map();
  for (const result of results) if (!rules.has(String(result.code))) rules.set(String(result.code), result.message);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spectral',
            version,
            informationUri: 'https://github.com/stoplightio/spectral',
            rules: [...rules].map(([id, text]) => ({ id, shortDescription: { text } })),
          },
        },
        results: results.map((result) => ({
          ruleId: String(result.code),
          level: LEVEL[result.severity] ?? 'error',
          message: { text: result.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: file },
                region: {
                  startLine: result.range.start.line + 1,
                  startColumn: result.range.start.character + 1,
                  endLine: result.range.end.line + 1,
                  endColumn: result.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
