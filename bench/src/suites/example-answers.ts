// The answers the client suite's server and its in-memory fetch both give: the spec's own
// examples for the token request and for the create, as JSON text.
export function exampleAnswers(spec: {
  components: { examples: Record<string, { value: unknown }> };
}): (url: string) => string {
  const token = JSON.stringify(spec.components.examples.AccessToken!.value);
  const created = JSON.stringify(spec.components.examples.InstantPaymentCreated!.value);
  return (url) => (url.endsWith('/auth') ? token : created);
}
