// Avro evolution through the registry: a value written with an older registered version is read
// into the codec's newest schema; a writer schema that cannot resolve is UNKNOWN_SCHEMA.

import { kafkaHeadersOf } from "@eventwire/cloudevents";
import { createAvroCodec } from "@eventwire/codec-avro";
import { createEnvelope, isEnvelopeError } from "@eventwire/envelope-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { avroDataSchema, createKafkaSerde, httpRegistry, type SchemaRegistry } from "../src/index.js";
import { AUTH, confluentClient, confluentSerde } from "./confluent.js";
import { type RegistryServer, startRegistryServer } from "./registry-server.js";

const V1 = {
  type: "record",
  name: "Profile",
  namespace: "acme.v1",
  fields: [
    { name: "user_id", type: "string" },
    { name: "age", type: "int" },
  ],
} as const;
// v2 adds an optional field and one with a default: BACKWARD compatible.
const V2 = {
  ...V1,
  fields: [
    ...V1.fields,
    { name: "nickname", type: ["null", "string"], default: null },
    { name: "tier", type: "string", default: "basic" },
  ],
} as const;
// Not resolvable into V2: user_id changed to an int.
const BROKEN = { ...V1, fields: [{ name: "user_id", type: "int" }] } as const;

const older = createAvroCodec({ types: { profile: V1 } });
const newest = createAvroCodec({ types: { profile: [V2, V1] } });
const envelope = createEnvelope({ event_type: "profile", source: "accounts", data: { user_id: "u1", age: 42 } });

let server: RegistryServer;
let registry: SchemaRegistry;
beforeAll(async () => {
  server = await startRegistryServer(AUTH);
  registry = httpRegistry({ url: server.url, auth: AUTH });
});
afterAll(() => server.close());

describe("Avro evolution through the registry", () => {
  it("reads a value written with an older registered version into the newest", async () => {
    const writer = createKafkaSerde({ codec: older, registry, schemas: { profile: avroDataSchema(V1) } });
    const reader = createKafkaSerde({ codec: newest, registry, schemas: { profile: avroDataSchema([V2, V1]) } });
    const message = await writer.serialize("profiles", envelope);
    // The newer version registers under the same subject (BACKWARD compatible) and gets a new id.
    const newer = await reader.serialize("profiles", { ...envelope, data: { ...envelope.data, tier: "gold" } });
    expect(newer.value.subarray(1, 5)).not.toEqual(message.value.subarray(1, 5));
    const read = await reader.deserialize("profiles", message);
    expect(read).toEqual({ ...envelope, data: { user_id: "u1", age: 42, tier: "basic" } });
  });

  it("reads what Confluent's serializer wrote with the older version", async () => {
    const client = confluentClient(server.url);
    await client.register("cf-profiles-value", { schemaType: "AVRO", schema: JSON.stringify(V1) }, false);
    const value = await confluentSerde("avro", client).serialize("cf-profiles", "", envelope.data);
    const reader = createKafkaSerde({ codec: newest, registry, schemas: { profile: avroDataSchema([V2, V1]) } });
    const headers = kafkaHeadersOf(envelope, "application/avro");
    const read = await reader.deserialize("cf-profiles", { value, headers });
    expect(read.data).toEqual({ user_id: "u1", age: 42, tier: "basic" });
  });

  it("refuses a writer schema that cannot resolve into the newest with UNKNOWN_SCHEMA", async () => {
    const broken = createAvroCodec({ types: { profile: BROKEN } });
    const writer = createKafkaSerde({ codec: broken, registry, schemas: { profile: avroDataSchema(BROKEN) } });
    const message = await writer.serialize("broken-profiles", { ...envelope, data: { user_id: 7 } });
    const reader = createKafkaSerde({ codec: newest, registry, schemas: { profile: avroDataSchema([V2, V1]) } });
    const error = await reader.deserialize("broken-profiles", message).catch((e: unknown) => e);
    expect(isEnvelopeError(error) && error.code).toBe("UNKNOWN_SCHEMA");
    expect(error).toMatchObject({ eventType: "profile" });
  });

  it("refuses to register an incompatible version: an EnvelopeError naming the subject", async () => {
    const writer = createKafkaSerde({ codec: older, registry, schemas: { profile: avroDataSchema(V1) } });
    await writer.serialize("strict", envelope);
    const broken = createAvroCodec({ types: { profile: BROKEN } });
    const next = createKafkaSerde({ codec: broken, registry, schemas: { profile: avroDataSchema(BROKEN) } });
    const error = await next.serialize("strict", { ...envelope, data: { user_id: 7 } }).catch((e: unknown) => e);
    expect(isEnvelopeError(error) && error.code).toBe("UNKNOWN_SCHEMA");
    expect(String(error)).toContain('subject "strict-value"');
    expect(String(error)).toContain("409");
    expect(String(error).split('subject "strict-value"').length).toBe(2); // named once
  });
});
