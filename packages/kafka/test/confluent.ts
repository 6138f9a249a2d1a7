// Confluent's own serdes (@confluentinc/schemaregistry), configured as a user would, for the
// interop tests: Avro and JSON use the schema registered for the subject (useLatestVersion);
// Protobuf registers the message's file from a descriptor built at run time by protoc.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createFileRegistry,
  createMutableRegistry,
  type DescMessage,
  type FileRegistry,
  fromBinary,
  fromJson,
  type JsonValue,
  toJson,
} from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import {
  AvroDeserializer,
  AvroSerializer,
  type Client,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
  SubjectNameStrategyType,
} from "@confluentinc/schemaregistry";
import type { Format } from "./fixtures.js";

export const AUTH = { username: "eventwire", password: "s3cret:with colon" };

/** Confluent's client for the registry at `url`, with basic auth. */
export function confluentClient(url: string): Client {
  return new SchemaRegistryClient({
    baseURLs: [url],
    basicAuthCredentials: { credentialsSource: "USER_INFO", userInfo: `${AUTH.username}:${AUTH.password}` },
    maxRetries: 0,
  });
}

/**
 * Compiles `.proto` files with protoc into a descriptor set, and loads it with
 * `@bufbuild/protobuf`'s `createFileRegistry`: the run-time form of what protoc-gen-es generates,
 * which Confluent's Protobuf serializer takes.
 */
export function protoRegistry(files: Record<string, string>): FileRegistry {
  const dir = mkdtempSync(join(tmpdir(), "kafka-proto-"));
  try {
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
    const out = join(dir, "set.pb");
    execFileSync("protoc", [`--proto_path=${dir}`, `--descriptor_set_out=${out}`, ...Object.keys(files)]);
    return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One format's Confluent serializer and deserializer, and how their values compare to `data`. */
export interface ConfluentSerde {
  serialize(topic: string, messageName: string, data: unknown): Promise<Buffer>;
  deserialize(topic: string, value: Uint8Array): Promise<unknown>;
}

/** Confluent's serde of one format, with the topic subject strategy. */
export function confluentSerde(format: Format, client: Client, protos?: FileRegistry): ConfluentSerde {
  const strategy = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };
  if (format === "protobuf") {
    if (!protos) throw new Error("the Protobuf serde needs the descriptors");
    const messages = [...protos].filter((d): d is DescMessage => d.kind === "message");
    const serializer = new ProtobufSerializer(client, SerdeType.VALUE, {
      ...strategy,
      autoRegisterSchemas: true,
      registry: createMutableRegistry(...messages),
    });
    const deserializer = new ProtobufDeserializer(client, SerdeType.VALUE, strategy);
    return {
      serialize: (topic, name, data) => serializer.serialize(topic, fromJson(descOf(protos, name), data as JsonValue)),
      async deserialize(topic, value) {
        const message = await deserializer.deserialize(topic, Buffer.from(value));
        return toJson(descOf(protos, message.$typeName), message, {
          useProtoFieldName: true,
          alwaysEmitImplicit: true,
        });
      },
    };
  }
  const Serializer = format === "avro" ? AvroSerializer : JsonSerializer;
  const Deserializer = format === "avro" ? AvroDeserializer : JsonDeserializer;
  const serializer = new Serializer(client, SerdeType.VALUE, { ...strategy, useLatestVersion: true, validate: true });
  const deserializer = new Deserializer(client, SerdeType.VALUE, { ...strategy, validate: true });
  return {
    serialize: (topic, _name, data) => serializer.serialize(topic, data),
    deserialize: async (topic, value) =>
      JSON.parse(JSON.stringify(await deserializer.deserialize(topic, Buffer.from(value)))),
  };
}

function descOf(protos: FileRegistry, name: string): DescMessage {
  const desc = protos.getMessage(name);
  if (!desc) throw new Error(`no message ${name}`);
  return desc;
}

/** Avro's optional fields come back from avsc as `null`; eventwire leaves them out. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
