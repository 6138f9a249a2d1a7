// eventwire and Confluent's serdes (@confluentinc/schemaregistry) read each other's values,
// for every example type in every format, through one registry served over HTTP on loopback.

import type { FileRegistry } from "@bufbuild/protobuf";
import { kafkaHeadersOf } from "@eventwire/cloudevents";
import { PROTO_MESSAGES } from "@eventwire/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafkaSerde, httpRegistry, type KafkaSerde } from "../src/index.js";
import {
  AUTH,
  type ConfluentSerde,
  confluentClient,
  confluentSerde,
  protoRegistry,
  withoutNulls,
} from "./confluent.js";
import { ENVELOPES, exampleSerdeParts, FORMATS, PROTO, TYPES } from "./fixtures.js";
import { type RegistryServer, startRegistryServer } from "./registry-server.js";

let server: RegistryServer;
let protos: FileRegistry;

beforeAll(async () => {
  server = await startRegistryServer(AUTH);
  protos = protoRegistry(Object.fromEntries(TYPES.map((t) => [`${t}.proto`, PROTO[t]])));
});
afterAll(() => server.close());

describe.each(FORMATS)("%s: Confluent's serdes and eventwire, one registry over HTTP", (format) => {
  const { codec, schemas } = exampleSerdeParts(format);
  let eventwire: KafkaSerde;
  let confluent: ConfluentSerde;

  beforeAll(() => {
    eventwire = createKafkaSerde({ codec, registry: httpRegistry({ url: server.url, auth: AUTH }), schemas });
    confluent = confluentSerde(format, confluentClient(server.url), protos);
  });

  it.each(TYPES)("Confluent reads what eventwire writes: %s", async (type) => {
    const envelope = ENVELOPES[type];
    const message = await eventwire.serialize(`ew-${format}-${type}`, envelope);
    const data = await confluent.deserialize(`ew-${format}-${type}`, message.value);
    expect(format === "avro" ? withoutNulls(data) : data).toEqual(envelope.data);
  });

  it.each(TYPES)("eventwire reads what Confluent writes: %s", async (type) => {
    const envelope = ENVELOPES[type];
    const topic = `cf-${format}-${type}`;
    const schema = schemas[type];
    if (!schema) throw new Error(`no schema for ${type}`);
    // Avro and JSON: the schema is registered first, as a deployment would; Confluent's
    // serializer then writes with it (useLatestVersion). Protobuf registers itself.
    if (format !== "protobuf") await confluentClient(server.url).register(`${topic}-value`, schema, false);
    const value = await confluent.serialize(topic, PROTO_MESSAGES[type], envelope.data);
    const headers = kafkaHeadersOf(envelope, codec.dataContentType);
    expect(await eventwire.deserialize(topic, { key: null, value, headers })).toEqual(envelope);
  });
});
