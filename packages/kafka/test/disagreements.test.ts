// Every disagreement with Confluent's serdes in known-disagreements.json, asserted: if Confluent
// changes, or eventwire does, the list is out of date and this fails.
import { readFileSync } from "node:fs";
import { createMutableRegistry, fromJson, type JsonValue } from "@bufbuild/protobuf";
import {
  AvroDeserializer,
  AvroSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaId,
  SerdeType,
  SubjectNameStrategyType,
} from "@confluentinc/schemaregistry";
import { kafkaHeadersOf } from "@eventwire/cloudevents";
import { PROTO_MESSAGES } from "@eventwire/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafkaSerde, httpRegistry } from "../src/index.js";
import { AUTH, confluentClient, protoRegistry } from "./confluent.js";
import { ENVELOPES, exampleSerdeParts, PROTO } from "./fixtures.js";
import { type RegistryServer, startRegistryServer } from "./registry-server.js";

const LIST = JSON.parse(readFileSync(new URL("../known-disagreements.json", import.meta.url), "utf8")) as {
  cases: { id: string }[];
};
const TOPIC = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };

let server: RegistryServer;
beforeAll(async () => {
  server = await startRegistryServer(AUTH);
});
afterAll(() => server.close());

function serde(format: "avro" | "protobuf") {
  const { codec, schemas } = exampleSerdeParts(format);
  return {
    codec,
    serde: createKafkaSerde({ codec, registry: httpRegistry({ url: server.url, auth: AUTH }), schemas }),
  };
}

async function latestSchema(subject: string): Promise<string> {
  const auth = Buffer.from(`${AUTH.username}:${AUTH.password}`).toString("base64");
  const response = await fetch(`${server.url}/subjects/${subject}/versions/latest`, {
    headers: { authorization: `Basic ${auth}` },
  });
  return ((await response.json()) as { schema: string }).schema;
}

const ASSERTIONS: Record<string, () => Promise<void>> = {
  async "avro-optional-null"() {
    const { serde: eventwire } = serde("avro");
    const message = await eventwire.serialize("optional", ENVELOPES.order_placed);
    const theirs = await new AvroDeserializer(confluentClient(server.url), SerdeType.VALUE, TOPIC).deserialize(
      "optional",
      Buffer.from(message.value),
    );
    expect(theirs.coupon).toBeNull();
    expect("coupon" in ((await eventwire.deserialize("optional", message)).data as object)).toBe(false);
  },
  async "protobuf-schema-form"() {
    const protos = protoRegistry({ "user_login.proto": PROTO.user_login });
    const desc = protos.getMessage(PROTO_MESSAGES.user_login);
    if (!desc) throw new Error("no UserLogin descriptor");
    const serializer = new ProtobufSerializer(confluentClient(server.url), SerdeType.VALUE, {
      ...TOPIC,
      autoRegisterSchemas: true,
      registry: createMutableRegistry(desc),
    });
    const value = await serializer.serialize("form-cf", fromJson(desc, ENVELOPES.user_login.data as JsonValue));
    const { serde: eventwire, codec } = serde("protobuf");
    await eventwire.serialize("form-ew", ENVELOPES.user_login);
    expect(await latestSchema("form-cf-value")).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await latestSchema("form-ew-value")).toContain("message UserLogin");
    const headers = kafkaHeadersOf(ENVELOPES.user_login, codec.dataContentType);
    expect((await eventwire.deserialize("form-cf", { value, headers })).data).toEqual(ENVELOPES.user_login.data);
  },
  async "inferred-schema"() {
    const serializer = new AvroSerializer(confluentClient(server.url), SerdeType.VALUE, {
      ...TOPIC,
      autoRegisterSchemas: true,
    });
    await serializer.serialize("inferred", ENVELOPES.order_placed.data);
    expect(JSON.parse(await latestSchema("inferred-value")).name).toMatch(/^Record\d+$/);
    await serde("avro").serde.serialize("given", ENVELOPES.order_placed);
    expect(JSON.parse(await latestSchema("given-value")).name).toBe("OrderPlaced");
  },
  async "empty-value"() {
    const deserializer = new AvroDeserializer(confluentClient(server.url), SerdeType.VALUE, TOPIC);
    expect(await deserializer.deserialize("t", Buffer.alloc(0))).toBeNull();
    const { serde: eventwire, codec } = serde("avro");
    const headers = kafkaHeadersOf(ENVELOPES.user_login, codec.dataContentType);
    await expect(eventwire.deserialize("t", { value: new Uint8Array(0), headers })).rejects.toMatchObject({
      code: "MALFORMED",
    });
  },
  async "protobuf-message-objects"() {
    const { serde: eventwire } = serde("protobuf");
    const message = await eventwire.serialize("objects", ENVELOPES.user_login);
    const deserializer = new ProtobufDeserializer(confluentClient(server.url), SerdeType.VALUE, TOPIC);
    const theirs = await deserializer.deserialize("objects", Buffer.from(message.value));
    expect(theirs.$typeName).toBe(PROTO_MESSAGES.user_login);
    expect(Object.keys(theirs)).toContain("userId");
    expect(Object.keys((await eventwire.deserialize("objects", message)).data as object)).toContain("user_id");
  },
  async "default-subject-strategy"() {
    const client = confluentClient(server.url);
    const { serde: eventwire } = serde("avro");
    await eventwire.serialize("assoc", ENVELOPES.user_login);
    const before = server.requests.length;
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
    await serializer.serialize("assoc", ENVELOPES.user_login.data);
    const asked = server.requests.slice(before);
    expect(asked.some((r) => r.startsWith("GET /associations/resources/"))).toBe(true);
    expect(asked).toContain("GET /subjects/assoc-value/versions/latest");
  },
  async "schema-guid-and-header-ids"() {
    const value = Buffer.from([1, ...new Array(16).fill(0xab), 0x02, 0x61]);
    expect(new SchemaId("AVRO").fromBytes(value)).toBe(17);
    const { serde: eventwire, codec } = serde("avro");
    const headers = kafkaHeadersOf(ENVELOPES.user_login, codec.dataContentType);
    await expect(eventwire.deserialize("t", { value, headers })).rejects.toMatchObject({ code: "MALFORMED" });
  },
};

describe("known disagreements with Confluent's serdes", () => {
  it("has an assertion for every listed case, and a case for every assertion", () => {
    expect(Object.keys(ASSERTIONS).sort()).toEqual(LIST.cases.map((c) => c.id).sort());
  });
  it.each(LIST.cases.map((c) => c.id))("%s still holds", async (id) => {
    await ASSERTIONS[id]?.();
  });
});
