// Java 17: java.net.http's HttpClient, and Gson (com.google.code.gson:gson) for the JSON, the
// library most Java services already have. Runs as a single file: `java -cp gson.jar Example.java`.

/** @import { SampleRequest } from './request.mjs' */
/** @import { Json } from '@klavi-pay/openapi-runtime' */
import { FRESH_KEY, markedEnv, TODAY } from './request.mjs';

/** The class name: the operation's, in Java's case. */
const className = (/** @type {string} */ operationId) => operationId.charAt(0).toUpperCase() + operationId.slice(1);

/**
 * A value as Java: Map.ofEntries, List.of, literals. Map.ofEntries takes no null value, and the
 * spec's examples have none; one would fail the docs build here rather than the merchant's run.
 * @param {Json} value
 * @param {string} indent
 * @returns {string}
 */
function java(value, indent) {
  const inner = `${indent}    `;
  if (typeof value === 'string') {
    if (value === FRESH_KEY) return 'UUID.randomUUID().toString()';
    if (value === TODAY) return 'java.time.LocalDate.now(java.time.ZoneOffset.ofHours(-3)).toString()';
    const env = markedEnv(value);
    return env ? `System.getenv(${JSON.stringify(env)})` : JSON.stringify(value);
  }
  if (value === null) throw new Error('a Java sample cannot put null into Map.ofEntries');
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'List.of()' : `List.of(\n${value.map((v) => `${inner}${java(v, inner)}`).join(',\n')})`;
  const entries = Object.entries(value);
  return entries.length === 0
    ? 'Map.of()'
    : `Map.ofEntries(\n${entries.map(([k, v]) => `${inner}Map.entry(${JSON.stringify(k)}, ${java(v, inner)})`).join(',\n')})`;
}

export const javaSample = {
  lang: 'Java',
  label: 'Java',
  /** @param {SampleRequest} req */
  render(req) {
    const name = className(req.operationId);
    const body = req.body !== undefined ? java(req.body, '        ') : 'null';
    const token = req.auth
      ? `        var token = (String) ((Map<?, ?>) call("POST", ${JSON.stringify(req.auth.tokenPath)}, Map.of(
            "accessKey", System.getenv(${JSON.stringify(req.auth.accessKeyEnv)}),
            "secretKey", System.getenv(${JSON.stringify(req.auth.secretKeyEnv)})), null)).get("accessToken");
`
      : '';
    return `import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public class ${name} {
    static final String BASE_URL = System.getenv().getOrDefault("KLAVI_BASE_URL", ${JSON.stringify(req.baseUrl)});
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Gson GSON = new Gson();

    /** Sends body as JSON (none when null); the decoded answer, or an exception on 4xx and 5xx. */
    static Object call(String method, String path, Object body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(BASE_URL + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(GSON.toJson(body)));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300)
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        return GSON.fromJson(response.body(), Object.class);
    }

    public static void main(String[] args) throws Exception {
${token}        var result = call(${JSON.stringify(req.method)}, ${JSON.stringify(req.target)}, ${body}, ${req.auth ? 'token' : 'null'});
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
    }
}
`;
  },
};
