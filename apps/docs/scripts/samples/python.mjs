// Python 3, the standard library only (urllib, json, uuid): nothing to install.
import { block, literal } from './literals.mjs';

/** @import { SampleRequest } from './request.mjs' */

/** @type {import('./literals.mjs').LiteralStyle} */
const STYLE = {
  indent: '    ',
  string: (text) => JSON.stringify(text),
  key: (name) => `${JSON.stringify(name)}: `,
  object: block('{', '}'),
  array: block('[', ']'),
  emptyObject: '{}',
  emptyArray: '[]',
  null: 'None',
  boolean: (value) => (value ? 'True' : 'False'),
  fresh: 'str(uuid.uuid4())',
  today: 'datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=-3))).date().isoformat()',
  env: (name) => `os.environ[${JSON.stringify(name)}]`,
};

export const python = {
  lang: 'Python',
  label: 'Python',
  /** @param {SampleRequest} req */
  render(req) {
    const args = [JSON.stringify(req.method), JSON.stringify(req.target)];
    if (req.body !== undefined) args.push(literal(req.body, STYLE));
    if (req.auth) args.push('token=token');
    const marked = JSON.stringify(req.body ?? null);
    const fresh = `${marked.includes('<today') ? 'import datetime\n' : ''}${marked.includes('<fresh') ? 'import uuid\n' : ''}`;
    const token = req.auth
      ? `token = call("POST", ${JSON.stringify(req.auth.tokenPath)}, {
    "accessKey": os.environ[${JSON.stringify(req.auth.accessKeyEnv)}],
    "secretKey": os.environ[${JSON.stringify(req.auth.secretKeyEnv)}],
})["accessToken"]

`
      : '';
    return `import json
import os
import urllib.request
${fresh}
BASE_URL = os.environ.get("KLAVI_BASE_URL", ${JSON.stringify(req.baseUrl)})


def call(method, path, body=None, token=None):
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        BASE_URL + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers=headers,
    )
    # A 4xx or 5xx answer raises urllib.error.HTTPError, with the API's error body in .read().
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


${token}result = call(${args.join(', ')})
print(json.dumps(result, indent=2))
`;
  },
};
