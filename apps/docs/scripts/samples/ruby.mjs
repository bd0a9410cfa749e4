// Ruby, the standard library only (net/http, json, securerandom).
import { block, literal } from './literals.mjs';

/** @import { SampleRequest } from './request.mjs' */

/** A Ruby double-quoted string: JSON's escapes, and `#{` kept from interpolating. */
const quote = (/** @type {string} */ text) => JSON.stringify(text).replace(/#(?=[{$@])/g, '\\#');

/** @type {import('./literals.mjs').LiteralStyle} */
const STYLE = {
  indent: '  ',
  string: quote,
  key: (name) => `${quote(name)} => `,
  object: block('{', '}'),
  array: block('[', ']'),
  emptyObject: '{}',
  emptyArray: '[]',
  null: 'nil',
  boolean: (value) => String(value),
  fresh: 'SecureRandom.uuid',
  today: 'Time.now.getlocal("-03:00").strftime("%F")',
  env: (name) => `ENV.fetch(${quote(name)})`,
};

export const ruby = {
  lang: 'Ruby',
  label: 'Ruby',
  /** @param {SampleRequest} req */
  render(req) {
    const args = [quote(req.method), quote(req.target)];
    if (req.body !== undefined) args.push(`body: ${literal(req.body, STYLE)}`);
    if (req.auth) args.push('token: token');
    const token = req.auth
      ? `token = call("POST", ${quote(req.auth.tokenPath)}, body: {
  "accessKey" => ENV.fetch(${quote(req.auth.accessKeyEnv)}),
  "secretKey" => ENV.fetch(${quote(req.auth.secretKeyEnv)})
})["accessToken"]

`
      : '';
    return `require "json"
require "net/http"
require "securerandom"

BASE_URL = ENV.fetch("KLAVI_BASE_URL", ${quote(req.baseUrl)})

def call(method, path, body: nil, token: nil)
  uri = URI("#{BASE_URL}#{path}")
  request = Net::HTTPGenericRequest.new(method, !body.nil?, true, uri)
  request["Accept"] = "application/json"
  request["Authorization"] = "Bearer #{token}" if token
  unless body.nil?
    request["Content-Type"] = "application/json"
    request.body = JSON.generate(body)
  end
  response = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https", read_timeout: 30) do |http|
    http.request(request)
  end
  raise "#{response.code} #{response.body}" unless response.is_a?(Net::HTTPSuccess)
  JSON.parse(response.body)
end

${token}result = call(${args.join(', ')})
puts JSON.pretty_generate(result)
`;
  },
};
