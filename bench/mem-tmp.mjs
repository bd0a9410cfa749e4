// src/programs/index.ts
import { join as join2 } from "node:path";

// src/workspace.ts
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
var here = dirname(fileURLToPath(import.meta.url));
var BENCH_DIR = resolve(here, "..");
var REPO_ROOT = resolve(BENCH_DIR, "..");
var WORK_DIR = join(BENCH_DIR, ".work");
var require2 = createRequire(join(BENCH_DIR, "package.json"));
var SPEC_YAML = require2.resolve("@klavi-pay/spec/openapi.yaml");
var SPEC_JSON = require2.resolve("@klavi-pay/spec/openapi.json");
function readSpec() {
  return JSON.parse(readFileSync(SPEC_JSON, "utf8"));
}
function examplePaymentBody() {
  const example = readSpec().components?.examples?.InstantPaymentPixManuRequest?.value;
  if (!example) throw new Error("the spec has no components.examples.InstantPaymentPixManuRequest");
  return example;
}

// src/programs/axios.ts
import axios from "axios";

// src/programs/types.ts
var TOKEN_PATH = "/payment/customer/v1/auth";
var CREATE_PATH = "/payment/customer/v1/instant/payments";

// src/programs/axios.ts
function connect({ baseUrl, accessKey, secretKey, fetch: fetch2 }) {
  const http = axios.create({ baseURL: baseUrl, ...fetch2 ? { adapter: "fetch", env: { fetch: fetch2 } } : {} });
  let token;
  const getToken = async () => (await http.post(TOKEN_PATH, { accessKey, secretKey })).data.accessToken;
  return {
    async createPayment(body) {
      token ??= getToken();
      const response = await http.post(CREATE_PATH, body, { headers: { authorization: `Bearer ${await token}` } });
      return response.data.id;
    }
  };
}

// src/programs/fetch.ts
function connect2({ baseUrl, accessKey, secretKey, fetch: fetch2 = globalThis.fetch }) {
  let token;
  const getToken = async () => {
    const response = await fetch2(baseUrl + TOKEN_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accessKey, secretKey })
    });
    if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
    return (await response.json()).accessToken;
  };
  return {
    async createPayment(body) {
      token ??= getToken();
      const response = await fetch2(baseUrl + CREATE_PATH, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await token}` },
        body: JSON.stringify(body)
      });
      if (!response.ok) throw new Error(`create: HTTP ${response.status}`);
      return (await response.json()).id;
    }
  };
}

// src/programs/klavi.ts
import { createKlaviClient } from "@klavi-pay/client";
function connect3({ baseUrl, accessKey, secretKey, fetch: fetch2 }) {
  const klavi = createKlaviClient({ baseUrl, credentials: { accessKey, secretKey }, throwOnError: true, ...fetch2 ? { fetch: fetch2 } : {} });
  return {
    async createPayment(body) {
      const { data } = await klavi.POST("/payment/customer/v1/instant/payments", { body });
      return data.id;
    }
  };
}

// src/programs/openapi-fetch.ts
import createClient from "openapi-fetch";
function connect4({ baseUrl, accessKey, secretKey, fetch: fetch2 }) {
  const client = createClient({ baseUrl, ...fetch2 ? { fetch: fetch2 } : {} });
  let token;
  const getToken = async () => {
    const { data, error } = await client.POST("/payment/customer/v1/auth", { body: { accessKey, secretKey } });
    if (error) throw new Error(`token: ${error.message}`);
    return data.accessToken;
  };
  return {
    async createPayment(body) {
      token ??= getToken();
      const { data, error } = await client.POST("/payment/customer/v1/instant/payments", {
        body,
        headers: { authorization: `Bearer ${await token}` }
      });
      if (error) throw new Error(`create: ${error.message}`);
      return data.id;
    }
  };
}

// src/programs/index.ts
var source = (file) => join2(BENCH_DIR, "src", "programs", file);
var CONTENDERS = [
  { name: "raw fetch", source: source("fetch.ts"), connect: connect2 },
  { name: "openapi-fetch", source: source("openapi-fetch.ts"), connect: connect4 },
  { name: "axios", source: source("axios.ts"), connect },
  { name: "@klavi-pay/client", source: source("klavi.ts"), connect: connect3 }
];

// src/suites/client.ts
import { performance } from "node:perf_hooks";
import { build } from "esbuild";

// src/suites/example-answers.ts
function exampleAnswers(spec) {
  const token = JSON.stringify(spec.components.examples.AccessToken.value);
  const created = JSON.stringify(spec.components.examples.InstantPaymentCreated.value);
  return (url) => url.endsWith("/auth") ? token : created;
}

// src/suites/client.ts
var CALLS = 2e3;
var WARMUP_CALLS = 200;
var CREDENTIALS = { accessKey: "bench-access-key", secretKey: "bench-secret-key" };
function memoryFetch() {
  const answerFor = exampleAnswers(readSpec());
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (input instanceof Request) await input.text();
    else if (init?.body !== void 0 && typeof init.body !== "string") await new Response(init.body).text();
    return new Response(answerFor(url), { status: 200, headers: { "content-type": "application/json" } });
  };
}
async function timePerCall(contender, baseUrl, calls = CALLS, warmup = WARMUP_CALLS, fetch2) {
  const program = contender.connect({ baseUrl, ...CREDENTIALS, ...fetch2 ? { fetch: fetch2 } : {} });
  const body = examplePaymentBody();
  for (let i = 0; i < warmup; i++) await program.createPayment(body);
  const started = performance.now();
  for (let i = 0; i < calls; i++) await program.createPayment(body);
  return (performance.now() - started) / calls;
}

// mem-tmp.ts
var f = memoryFetch();
var names = process.argv.slice(2);
for (let round = 0; round < 3; round++) {
  const row = [];
  for (const c of CONTENDERS.filter((c2) => names.length === 0 || names.includes(c2.name))) {
    const ms = await timePerCall(c, "http://memory.invalid", 2e4, 2e3, f);
    row.push(`${c.name} ${(ms * 1e3).toFixed(1)}\xB5s`);
  }
  console.log(row.join(" | "));
}
