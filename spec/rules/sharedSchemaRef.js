// Fields whose name says what they hold (an amount, an id, a date) must reuse the shared schema
// for it by $ref, so that one constraint governs every occurrence. Works on a `properties` map
// (checking each matching property) and on a parameter object (checking its schema).
//
// Options: names — a regex source matched against the property or parameter name;
//          refs  — a regex source the `$ref` must match, e.g. "^#/components/schemas/Amount$".
export default function sharedSchemaRef(input, options, context) {
  if (input === null || typeof input !== 'object') return [];
  const names = new RegExp(options.names);
  const refs = new RegExp(options.refs);
  const check = (name, schema, path) => {
    if (!names.test(name)) return [];
    const ref = schema && typeof schema === 'object' ? schema.$ref : undefined;
    if (typeof ref === 'string' && refs.test(ref)) return [];
    const found = typeof ref === 'string' ? `$ref ${ref}` : 'an inline schema';
    return [{ message: `"${name}" must $ref a schema matching ${options.refs}, not ${found}.`, path }];
  };
  if (typeof input.in === 'string' && typeof input.name === 'string') {
    return check(input.name, input.schema, [...context.path, 'schema']);
  }
  return Object.entries(input).flatMap(([name, schema]) => check(name, schema, [...context.path, name]));
}
