// PHP 8 with the curl extension (php-curl), the way most PHP shops call HTTP APIs without a framework.
import { block, literal } from './literals.mjs';

/** @import { SampleRequest } from './request.mjs' */

const quote = (/** @type {string} */ text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** @type {import('./literals.mjs').LiteralStyle} */
const STYLE = {
  indent: '    ',
  string: quote,
  key: (name) => `${quote(name)} => `,
  object: block('[', ']'),
  array: block('[', ']'),
  // json_encode writes an empty array as [], so an empty object is an object.
  emptyObject: 'new stdClass()',
  emptyArray: '[]',
  null: 'null',
  boolean: (value) => String(value),
  fresh: 'bin2hex(random_bytes(16))',
  today: 'gmdate("Y-m-d", time() - 3 * 3600)',
  env: (name) => `getenv(${quote(name)})`,
};

export const php = {
  lang: 'PHP',
  label: 'PHP',
  /** @param {SampleRequest} req */
  render(req) {
    const args = [quote(req.method), quote(req.target)];
    args.push(req.body !== undefined ? literal(req.body, STYLE) : 'null');
    if (req.auth) args.push('$token');
    const token = req.auth
      ? `$token = klavi('POST', ${quote(req.auth.tokenPath)}, [
    'accessKey' => getenv(${quote(req.auth.accessKeyEnv)}),
    'secretKey' => getenv(${quote(req.auth.secretKeyEnv)}),
])['accessToken'];

`
      : '';
    return `<?php

define('KLAVI_BASE_URL', getenv('KLAVI_BASE_URL') ?: ${quote(req.baseUrl)});

function klavi(string $method, string $path, mixed $body = null, ?string $token = null): array
{
    $headers = ['Accept: application/json'];
    $curl = curl_init(KLAVI_BASE_URL . $path);
    if ($token !== null) {
        $headers[] = "Authorization: Bearer $token";
    }
    if ($body !== null) {
        $headers[] = 'Content-Type: application/json';
        curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($body, JSON_THROW_ON_ERROR));
    }
    curl_setopt_array($curl, [
        CURLOPT_CUSTOMREQUEST => $method,
        CURLOPT_HTTPHEADER => $headers,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_TIMEOUT => 30,
    ]);
    $response = curl_exec($curl);
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    if ($response === false || $status >= 300) {
        throw new RuntimeException("$status " . ($response === false ? curl_error($curl) : $response));
    }
    return json_decode($response, true, 512, JSON_THROW_ON_ERROR);
}

${token}$result = klavi(${args.join(', ')});
echo json_encode($result, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), PHP_EOL;
`;
  },
};
