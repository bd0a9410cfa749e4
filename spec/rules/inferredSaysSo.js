// Anything marked `x-inferred: true` is not documented by Klavi; its description must say so in
// words, because readers of the rendered docs never see the extension.
export default function inferredSaysSo(node, _options, context) {
  if (node === null || typeof node !== 'object') return [];
  const { description } = node;
  if (typeof description === 'string' && /inferred/i.test(description)) return [];
  return [
    {
      message: 'Marked x-inferred, but its description does not say it is inferred.',
      path: [...context.path, 'description'],
    },
  ];
}
