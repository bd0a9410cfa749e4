// Every enum value carries a description in `x-enumDescriptions` (a value → text map, which
// Redoc renders), with no stale entries; `x-terminal-values`, where present, lists enum values.
export default function enumValuesDescribed(schema, _options, context) {
  if (schema === null || typeof schema !== 'object' || !Array.isArray(schema.enum)) return [];
  const values = schema.enum.map(String);
  const described = schema['x-enumDescriptions'] ?? {};
  const results = [];
  for (const value of values) {
    const text = described[value];
    if (typeof text !== 'string' || text.trim() === '') {
      results.push({
        message: `Enum value "${value}" has no description in x-enumDescriptions.`,
        path: [...context.path, 'enum'],
      });
    }
  }
  for (const key of Object.keys(described)) {
    if (!values.includes(key)) {
      results.push({
        message: `x-enumDescriptions describes "${key}", which is not an enum value.`,
        path: [...context.path, 'x-enumDescriptions', key],
      });
    }
  }
  for (const value of schema['x-terminal-values'] ?? []) {
    if (!values.includes(String(value))) {
      results.push({
        message: `x-terminal-values lists "${value}", which is not an enum value.`,
        path: [...context.path, 'x-terminal-values'],
      });
    }
  }
  return results;
}
