// maxLength and minLength as Ajv defines them (they count code points, so an emoji is one), with
// the count skipped when the string's UTF-16 length already decides: a string has at most as many
// code points as code units, and at least half as many. Ajv's own keyword counts every string it
// checks, character by character, and that was a third of the time a create body took to check.
// The verdicts and errors are Ajv's: test/string-length.test.ts compares them with stock Ajv.
import { _, str, type CodeKeywordDefinition, type KeywordCxt } from 'ajv/dist/2020.js';

/** The code points of `text`: a surrogate pair is one, a lone surrogate one too (as Ajv counts). */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    count++;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return count;
}

export const stringLength: CodeKeywordDefinition = {
  keyword: ['maxLength', 'minLength'],
  type: 'string',
  schemaType: 'number',
  $data: true,
  error: {
    message: ({ keyword, schemaCode }) =>
      str`must NOT have ${keyword === 'maxLength' ? 'more' : 'fewer'} than ${schemaCode} characters`,
    params: ({ schemaCode }) => _`{limit: ${schemaCode}}`,
  },
  code(cxt: KeywordCxt) {
    const { keyword, data, schemaCode, gen } = cxt;
    const count = gen.scopeValue('func', { ref: codePoints });
    cxt.fail$data(
      keyword === 'maxLength'
        ? _`${data}.length > ${schemaCode} && ${count}(${data}) > ${schemaCode}`
        : _`${data}.length < ${schemaCode} || ((${data}.length + 1 >> 1) < ${schemaCode} && ${count}(${data}) < ${schemaCode})`,
    );
  },
};
