// A string schema is bounded when something limits what it can hold: maxLength, enum, const or
// pattern. Unbounded strings invite resource exhaustion and let any value through validation.
const BOUNDS = ['maxLength', 'enum', 'const', 'pattern'];

export default function boundedString(schema, _options, context) {
  if (schema === null || typeof schema !== 'object') return [];
  if (BOUNDS.some((keyword) => keyword in schema)) return [];
  return [{ message: `String schema has no ${BOUNDS.join(', ')}.`, path: [...context.path] }];
}
