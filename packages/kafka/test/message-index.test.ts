// The message-index case that broke other libraries: the value holds a message that is not the
// first in its .proto file, so the indexes are [1], written as 0x02 0x02 (count 1, index 1).
import { kafkaHeadersOf } from "@eventwire/cloudevents";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { createEnvelope } from "@eventwire/envelope-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafkaSerde, httpRegistry, protobufDataSchema, unframeValue } from "../src/index.js";
import { AUTH, confluentClient, confluentSerde, protoRegistry } from "./confluent.js";
import { type RegistryServer, startRegistryServer } from "./registry-server.js";

const PROTO = `syntax = "proto3";
package eventwire.test.v1;

message First {
  string name = 1;
}

message Second {
  string label = 1;
  int32 count = 2;
  message Inner {
    string note = 1;
  }
  Inner inner = 3;
}

message Third {
  map<string, string> tags = 1;
  message Leaf {
    string x = 1;
  }
  Leaf leaf = 2;
}
`;
const MESSAGES = {
  second_event: "eventwire.test.v1.Second",
  inner_event: "eventwire.test.v1.Second.Inner",
  // protoc adds TagsEntry as Third's first nested message; Confluent's JavaScript serde does not count it.
  leaf_event: "eventwire.test.v1.Third.Leaf",
};

let server: RegistryServer;
beforeAll(async () => {
  server = await startRegistryServer(AUTH);
});
afterAll(() => server.close());

describe("a message that is not the first in its file", () => {
  const codec = createProtobufCodec({ proto: PROTO, types: MESSAGES });
  const schemas = {
    second_event: protobufDataSchema(PROTO, MESSAGES.second_event),
    inner_event: protobufDataSchema(PROTO, MESSAGES.inner_event),
    leaf_event: protobufDataSchema(PROTO, MESSAGES.leaf_event),
  };
  const cases = [
    { type: "second_event", indexes: [1], bytes: [2, 2], data: { label: "b", count: 7, inner: { note: "n" } } },
    { type: "inner_event", indexes: [1, 0], bytes: [4, 2, 0], data: { note: "nested" } },
    { type: "leaf_event", indexes: [2, 0], bytes: [4, 4, 0], data: { x: "leaf" } },
  ] as const;

  it.each(cases)("$type: eventwire and Confluent write the same bytes, and read each other's", async (c) => {
    const registry = httpRegistry({ url: server.url, auth: AUTH });
    const eventwire = createKafkaSerde({ codec, registry, schemas });
    const confluent = confluentSerde("protobuf", confluentClient(server.url), protoRegistry({ "two.proto": PROTO }));
    const envelope = createEnvelope({ event_type: c.type, source: "test", data: c.data });
    const mine = await eventwire.serialize(`idx-${c.type}`, envelope);
    expect(unframeValue(mine.value, true).messageIndexes).toEqual(c.indexes);
    expect(Array.from(mine.value.subarray(5, 5 + c.bytes.length))).toEqual(c.bytes);
    expect(await confluent.deserialize(`idx-${c.type}`, mine.value)).toEqual(c.data);

    const theirs = await confluent.serialize(`cf-idx-${c.type}`, MESSAGES[c.type], c.data);
    expect(Array.from(theirs.subarray(5, 5 + c.bytes.length))).toEqual(c.bytes);
    expect(Buffer.from(theirs.subarray(5))).toEqual(Buffer.from(mine.value.subarray(5)));
    const headers = kafkaHeadersOf(envelope, codec.dataContentType);
    expect(await eventwire.deserialize(`cf-idx-${c.type}`, { value: theirs, headers })).toEqual(envelope);
  });

  it("refuses a value whose indexes point at another message of the file (UNKNOWN_SCHEMA)", async () => {
    const registry = httpRegistry({ url: server.url, auth: AUTH });
    const eventwire = createKafkaSerde({ codec, registry, schemas });
    const envelope = createEnvelope({ event_type: "second_event", source: "test", data: { label: "x", count: 1 } });
    const message = await eventwire.serialize("idx-wrong", envelope);
    const first = new Uint8Array(message.value);
    first[5] = 0; // [0]: the file's first message, First
    const error = await eventwire.deserialize("idx-wrong", { ...message, value: first }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "EnvelopeError", code: "UNKNOWN_SCHEMA", eventType: "second_event" });
    expect(String(error)).toContain("eventwire.test.v1.First");
  });
});
