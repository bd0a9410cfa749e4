// The two linters `pnpm lint` runs, as commands, so the lint script and the lint test cannot
// drift apart. `format` is passed to both tools (e.g. json, github-actions).
// - Redocly (spec + recommended-strict + our rules) lints the multi-file source, so findings
//   name the file an API author edits.
// - Spectral (spectral:oas + OWASP + the house rules) lints the bundle; see .spectral.yaml.
export function linters(format) {
  return [
    {
      name: 'redocly',
      pkg: '@redocly/cli',
      bin: 'redocly',
      args: ['lint', 'openapi.yaml', '--max-problems', '1000', ...(format ? [`--format=${format}`] : [])],
    },
    {
      name: 'spectral',
      pkg: '@stoplight/spectral-cli',
      bin: 'spectral',
      args: [
        'lint',
        'dist/openapi.yaml',
        '--ruleset',
        '.spectral.yaml',
        '--fail-severity',
        'warn',
        ...(format ? ['--format', format] : []),
      ],
    },
  ];
}
