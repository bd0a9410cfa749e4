// Every operation documents the responses a client must always be ready for.
// Options: codes — the status codes (as strings) each operation's responses must hold.
export default function requiredResponses(operation, options, context) {
  if (operation === null || typeof operation !== 'object') return [];
  const responses = operation.responses ?? {};
  return options.codes
    .filter((code) => !(code in responses))
    .map((code) => ({
      message: `Operation does not document a ${code} response.`,
      path: [...context.path, 'responses'],
    }));
}
