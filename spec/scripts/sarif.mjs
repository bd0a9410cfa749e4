// Spectral's JSON results as a SARIF 2.1.0 log for GitHub code scanning. Spectral 6.16's own sarif
// formatter throws ("Your SARIF log is invalid") when any rule of the ruleset has an empty
// description, which ours inherits, so the log is written here from the JSON output instead.
// `locate` says where each result was written (the source file, from the repo root).
const LEVEL = ['error', 'warning', 'note', 'note'];

export function spectralToSarif(results, { version, locate }) {
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
        results: results.map((result) => {
          const at = locate(result);
          return {
            ruleId: String(result.code),
            level: LEVEL[result.severity] ?? 'error',
            message: { text: result.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: at.file },
                  region: { startLine: at.line, startColumn: at.column },
                },
              },
            ],
          };
        }),
      },
    ],
  };
}
