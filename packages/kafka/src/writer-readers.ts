import type { Codec } from "@eventwire/envelope-core";
import avro from "avsc";
import type { DataSchema } from "./data-schemas.js";
import { unknownSchema, withContext } from "./errors.js";
import { ProtoFileMessages } from "./proto-messages.js";
import type { RegistrySchema, SchemaRegistry, SchemaType } from "./schema-registry.js";

/** Reads the data bytes of one value into the event type's data. */
export type ReadData = (bytes: Uint8Array) => unknown;

/** Readers of values by writer schema id, made on first use and kept. */
export interface WriterReaders {
  readerFor(
    id: number,
    eventType: string,
    schema: DataSchema,
    messageIndexes: readonly number[] | undefined,
  ): Promise<ReadData>;
}

/** The Avro codec's `decodeData`, which also resolves a datum written with another writer schema. */
type AvroDecodeData = (eventType: string, bytes: Uint8Array, options?: { writerSchema?: string }) => unknown;

/**
 * Looks writer schemas up by id and checks each against the event type's schema once: the
 * same language; for Avro, a writer the newest schema resolves (else `UNKNOWN_SCHEMA`); for
 * Protobuf, the message at the value's indexes is the event type's message. At most `max`
 * readers are kept, so that ids arriving from outside cannot grow memory without bound.
 */
export function createWriterReaders(options: {
  codec: Codec;
  registry: SchemaRegistry;
  schemaType: SchemaType;
  max: number;
}): WriterReaders {
  const { codec, registry, schemaType, max } = options;
  const readers = new Map<string, Promise<ReadData>>();

  const build = async (id: number, eventType: string, schema: DataSchema, indexes: readonly number[] | undefined) => {
    let writer: RegistrySchema;
    try {
      writer = await registry.getSchema(id);
    } catch (error) {
      throw withContext(error, eventType, `schema id ${id}`);
    }
    if (writer.schemaType !== schemaType) {
      throw unknownSchema(`schema id ${id} is ${writer.schemaType}, not ${schemaType}`, eventType);
    }
    if (schemaType === "AVRO") return avroReader(codec, id, eventType, schema, writer);
    if (schemaType === "PROTOBUF") checkProtobufMessage(id, eventType, schema, writer, indexes ?? [0]);
    return (bytes: Uint8Array) => codec.decodeData(eventType, bytes);
  };

  return {
    readerFor(id, eventType, schema, indexes) {
      const key = `${id}\n${eventType}\n${indexes?.join(".") ?? ""}`;
      const known = readers.get(key);
      if (known !== undefined) return known;
      const reader = build(id, eventType, schema, indexes);
      // A failure is not kept: the registry may answer next time.
      reader.catch(() => readers.delete(key));
      if (readers.size >= max) readers.delete(readers.keys().next().value as string);
      readers.set(key, reader);
      return reader;
    },
  };
}

function avroReader(codec: Codec, id: number, eventType: string, schema: DataSchema, writer: RegistrySchema): ReadData {
  const decodeData = codec.decodeData as AvroDecodeData;
  const reader = parseAvro(schema.schema, id, eventType, "the event type's schema");
  const written = parseAvro(writer.schema, id, eventType, `schema id ${id}`);
  if (sameAvro(reader, written)) return (bytes) => decodeData(eventType, bytes);
  try {
    // Checked here, once, so that an unresolvable writer is refused before any value is read.
    reader.createResolver(written);
  } catch (error) {
    throw unknownSchema(`schema id ${id} cannot be resolved to the event type's schema: ${String(error)}`, eventType);
  }
  return (bytes) => decodeData(eventType, bytes, { writerSchema: writer.schema });
}

function parseAvro(text: string, id: number, eventType: string, what: string): avro.Type {
  try {
    return avro.Type.forSchema(JSON.parse(text) as avro.Schema, { registry: {}, namespace: "eventwire.v1" });
  } catch (error) {
    throw unknownSchema(`${what} (id ${id}) is not a valid Avro schema: ${String(error)}`, eventType);
  }
}

function sameAvro(a: avro.Type, b: avro.Type): boolean {
  // Parsing Canonical Form: what resolution depends on (docs, defaults and order aside).
  return JSON.stringify(a.schema()) === JSON.stringify(b.schema());
}

function checkProtobufMessage(
  id: number,
  eventType: string,
  schema: DataSchema,
  writer: RegistrySchema,
  indexes: readonly number[],
): void {
  let name: string | undefined;
  try {
    name = ProtoFileMessages.parse(writer.schema).nameAt(indexes);
  } catch (error) {
    throw unknownSchema(`schema id ${id} is not a Protobuf schema: ${String(error)}`, eventType);
  }
  if (name !== schema.recordName) {
    const found = name === undefined ? "no message" : `the message ${name}`;
    throw unknownSchema(
      `schema id ${id} has ${found} at message indexes [${indexes.join(", ")}], not ${schema.recordName}`,
      eventType,
    );
  }
}
