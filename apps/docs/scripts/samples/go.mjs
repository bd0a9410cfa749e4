// Go, the standard library only (net/http, encoding/json, crypto/rand).
import { block, literal } from './literals.mjs';

/** @import { SampleRequest } from './request.mjs' */

/** @type {import('./literals.mjs').LiteralStyle} */
const STYLE = {
  indent: '\t',
  string: (text) => JSON.stringify(text),
  key: (name) => `${JSON.stringify(name)}: `,
  object: block('map[string]any{', '}'),
  array: block('[]any{', '}'),
  emptyObject: 'map[string]any{}',
  emptyArray: '[]any{}',
  null: 'nil',
  boolean: (value) => String(value),
  fresh: 'newID()',
  today: 'time.Now().In(time.FixedZone("BRT", -3*60*60)).Format("2006-01-02")',
  env: (name) => `os.Getenv(${JSON.stringify(name)})`,
};

export const go = {
  lang: 'Go',
  label: 'Go',
  /** @param {SampleRequest} req */
  render(req) {
    const fresh = JSON.stringify(req.body ?? null).includes('<fresh');
    const body = req.body !== undefined ? literal(req.body, STYLE, '\t') : 'nil';
    const token = req.auth
      ? `	token := call("POST", ${JSON.stringify(req.auth.tokenPath)}, map[string]any{
		"accessKey": os.Getenv(${JSON.stringify(req.auth.accessKeyEnv)}),
		"secretKey": os.Getenv(${JSON.stringify(req.auth.secretKeyEnv)}),
	}, "").(map[string]any)["accessToken"].(string)

`
      : '';
    const imports = [
      'bytes',
      ...(fresh ? ['crypto/rand', 'encoding/hex'] : []),
      'encoding/json',
      'fmt',
      'io',
      'log',
      'net/http',
      'os',
      'time',
    ];
    return `package main

import (
${imports.map((name) => `\t"${name}"`).join('\n')}
)

var client = &http.Client{Timeout: 30 * time.Second}

func main() {
${token}	result := call(${JSON.stringify(req.method)}, ${JSON.stringify(req.target)}, ${body}, ${req.auth ? 'token' : '""'})
	out, _ := json.MarshalIndent(result, "", "  ")
	fmt.Println(string(out))
}

// call sends body as JSON (none when it is nil) and returns the decoded answer; it stops the
// program on a 4xx or 5xx answer, printing the API's error body.
func call(method, path string, body any, token string) any {
	baseURL := os.Getenv("KLAVI_BASE_URL")
	if baseURL == "" {
		baseURL = ${JSON.stringify(req.baseUrl)}
	}
	var payload io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			log.Fatal(err)
		}
		payload = bytes.NewReader(encoded)
	}
	request, err := http.NewRequest(method, baseURL+path, payload)
	if err != nil {
		log.Fatal(err)
	}
	request.Header.Set("Accept", "application/json")
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		request.Header.Set("Authorization", "Bearer "+token)
	}
	response, err := client.Do(request)
	if err != nil {
		log.Fatal(err)
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err != nil {
		log.Fatal(err)
	}
	if response.StatusCode >= 300 {
		log.Fatalf("%s %s", response.Status, answer)
	}
	var decoded any
	if err := json.Unmarshal(answer, &decoded); err != nil {
		log.Fatal(err)
	}
	return decoded
}
${
  fresh
    ? `
// newID makes a fresh clientRequestId: 128 random bits, in hex.
func newID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		log.Fatal(err)
	}
	return hex.EncodeToString(b)
}
`
    : ''
}`;
  },
};
