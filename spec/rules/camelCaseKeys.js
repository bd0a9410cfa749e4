// Property names are camelCase: they start with a lower-case letter and hold only letters and
// digits. Acronyms may stay upper case (`redirectURL`, `consentRedirectURL`), because the
// documented API already uses them and renaming would break clients.
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

export default function camelCaseKeys(properties, _options, context) {
  if (properties === null || typeof properties !== 'object') return [];
  return Object.keys(properties)
    .filter((name) => !CAMEL.test(name))
    .map((name) => ({ message: `Property "${name}" is not camelCase.`, path: [...context.path, name] }));
}
