// C#: HttpClient, with the body written as JSON text and the token read by
// DataContractJsonSerializer, both in .NET itself, so the sample needs no package and compiles
// with the Mono compiler this toolkit tests it with (C# 7) as well as with the .NET SDK.

/** @import { SampleRequest } from './request.mjs' */
import { FRESH_KEY, markedEnv, TODAY } from './request.mjs';

/**
 * The body as a C# verbatim string of indented JSON, with the marked values spliced in as
 * expressions (quoted as JSON strings by Quote).
 * @param {unknown} body
 */
function jsonText(body) {
  const verbatim = JSON.stringify(body, null, 2).replace(/"/g, '""');
  return `@"${verbatim.replace(/""(<[^"]+>)""/g, (match, marker) => {
    if (marker === FRESH_KEY) return `" + Quote(Guid.NewGuid().ToString()) + @"`;
    if (marker === TODAY)
      return `" + Quote(DateTime.UtcNow.AddHours(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) + @"`;
    const env = markedEnv(marker);
    return env ? `" + Quote(Environment.GetEnvironmentVariable("${env}")) + @"` : match;
  })}"`;
}

export const csharp = {
  lang: 'C#',
  label: 'C#',
  /** @param {SampleRequest} req */
  render(req) {
    const body = req.body !== undefined ? jsonText(req.body).replace(/\n/g, '\n            ') : 'null';
    const token = req.auth
      ? `        var tokenAnswer = await Call("POST", "${req.auth.tokenPath}",
            "{ \\"accessKey\\": " + Quote(Environment.GetEnvironmentVariable("${req.auth.accessKeyEnv}")) +
            ", \\"secretKey\\": " + Quote(Environment.GetEnvironmentVariable("${req.auth.secretKeyEnv}")) + " }", null);
        var serializer = new DataContractJsonSerializer(typeof(AccessToken));
        var token = ((AccessToken)serializer.ReadObject(new MemoryStream(Encoding.UTF8.GetBytes(tokenAnswer)))).Value;
`
      : '';
    return `using System;
using System.IO;
using System.Net.Http;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Threading.Tasks;

class Example
{
    static readonly string BaseUrl = Environment.GetEnvironmentVariable("KLAVI_BASE_URL") ?? "${req.baseUrl}";
    static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

    [DataContract]
    class AccessToken
    {
        [DataMember(Name = "accessToken")] public string Value { get; set; }
    }

    /** A string as a JSON string literal. */
    static string Quote(string value) =>
        "\\"" + value.Replace("\\\\", "\\\\\\\\").Replace("\\"", "\\\\\\"") + "\\"";

    /** Sends json (none when null); the answer's text, or an exception on 4xx and 5xx. */
    static async Task<string> Call(string method, string path, string json, string token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), BaseUrl + path);
        request.Headers.Add("Accept", "application/json");
        if (token != null) request.Headers.Add("Authorization", "Bearer " + token);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException((int)response.StatusCode + " " + text);
        return text;
    }

    static void Main() => Run().GetAwaiter().GetResult();

    static async Task Run()
    {
${token}        Console.WriteLine(await Call("${req.method}", "${req.target}",
            ${body}, ${req.auth ? 'token' : 'null'}));
    }
}
`;
  },
};
