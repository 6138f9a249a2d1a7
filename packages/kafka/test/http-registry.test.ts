// httpRegistry against the loopback registry: the REST calls, caching, auth, lookups, and every
// failure as an EnvelopeError that names the subject or id.
import { isEnvelopeError } from "@eventwire/envelope-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRegistry, type RegistrySchema } from "../src/index.js";
import { AUTH } from "./confluent.js";
import { type RegistryServer, startRegistryServer } from "./registry-server.js";

const SCHEMA: RegistrySchema = { schemaType: "JSON", schema: '{"type":"object"}' };
const AVRO: RegistrySchema = { schemaType: "AVRO", schema: '{"type":"record","name":"A","fields":[]}' };

let server: RegistryServer;
beforeAll(async () => {
  server = await startRegistryServer(AUTH);
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => new Error("no error"),
    (e: unknown) => e,
  );
  if (!isEnvelopeError(error)) throw error;
  return error;
}

describe("httpRegistry", () => {
  it("registers, gets by id, and asks the registry once per subject and schema, once per id", async () => {
    const registry = httpRegistry({ url: `${server.url}/`, auth: AUTH });
    const before = server.requests.length;
    const [id, again] = await Promise.all([registry.register("a/b c", SCHEMA), registry.register("a/b c", SCHEMA)]);
    expect(again).toBe(id);
    expect(await registry.getSchema(id)).toEqual(SCHEMA);
    expect(await registry.getSchema(id)).toEqual(SCHEMA);
    expect(server.requests.slice(before)).toEqual(["POST /subjects/a%2Fb%20c/versions", `GET /schemas/ids/${id}`]);
  });

  it("reads an Avro schema whose schemaType the registry leaves out", async () => {
    const registry = httpRegistry({ url: server.url, auth: AUTH });
    expect(await registry.getSchema(await registry.register("avro", AVRO))).toEqual(AVRO);
  });

  it("looks a schema up instead of registering it when autoRegister is false", async () => {
    const writer = httpRegistry({ url: server.url, auth: AUTH });
    const reader = httpRegistry({ url: server.url, auth: AUTH, autoRegister: false });
    const missing = await failure(reader.register("lookup", SCHEMA));
    expect(missing.code).toBe("UNKNOWN_SCHEMA");
    expect(missing.message).toContain('subject "lookup"');
    expect(missing.message).toContain("40401");
    const id = await writer.register("lookup", SCHEMA);
    expect(await reader.register("lookup", SCHEMA)).toBe(id);
    expect(server.requests).toContain("POST /subjects/lookup");
  });

  it("refuses an unknown id, naming it", async () => {
    const error = await failure(httpRegistry({ url: server.url, auth: AUTH }).getSchema(9999));
    expect(error).toMatchObject({ code: "UNKNOWN_SCHEMA" });
    expect(error.message).toContain("schema id 9999");
    expect(error.message).toContain("40403");
  });

  it("sends basic auth; wrong credentials are an error naming the subject", async () => {
    const registry = httpRegistry({ url: server.url, auth: { username: AUTH.username, password: "wrong" } });
    const error = await failure(registry.register("secret", SCHEMA));
    expect(error.message).toContain('subject "secret"');
    expect(error.message).toContain("401");
  });

  it("refuses an invalid schema (422) and an answer over maxResponseBytes", async () => {
    const registry = httpRegistry({ url: server.url, auth: AUTH });
    const invalid = await failure(registry.register("bad", { schemaType: "AVRO", schema: '{"type":"nope"}' }));
    expect(invalid.message).toContain("42201");
    const small = httpRegistry({ url: server.url, auth: AUTH, maxResponseBytes: 8 });
    const large = await failure(small.getSchema(await registry.register("big", SCHEMA)));
    expect(large.message).toContain("maxResponseBytes");
  });

  it("turns an unreachable registry into an EnvelopeError, and asks again next time", async () => {
    const closed = await startRegistryServer();
    await closed.close();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const registry = httpRegistry({ url: closed.url, timeoutMs: 2000, fetch: counting });
    const error = await failure(registry.register("gone", SCHEMA));
    expect(error.message).toContain("could not be reached");
    expect((await failure(registry.register("gone", SCHEMA))).code).toBe("UNKNOWN_SCHEMA");
    expect(calls).toBe(2);
  });
});
