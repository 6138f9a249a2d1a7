import type { CloudEventExtensions, KafkaMessage } from "@eventwire/cloudevents";
import { envelopeHeadOfKafka, kafkaHeadersOf } from "@eventwire/cloudevents";
import { type Codec, type Envelope, EnvelopeError } from "@eventwire/envelope-core";
import type { DataSchema } from "./data-schemas.js";
import { withContext } from "./errors.js";
import { headersOfKafka, type KafkaMessageLike } from "./kafka-message.js";
import { ProtoFileMessages } from "./proto-messages.js";
import type { SchemaRegistry, SchemaType } from "./schema-registry.js";
import { frameValue, unframeValue } from "./wire-format.js";
import { createWriterReaders, type WriterReaders } from "./writer-readers.js";

/** How a subject is named: Confluent's TopicNameStrategy, TopicRecordNameStrategy, RecordNameStrategy. */
export type SubjectStrategy = "topic" | "topic-record" | "record";

/** Options of {@link createKafkaSerde}. */
export interface KafkaSerdeOptions {
  /** The codec whose `encodeData`/`decodeData` write and read the data. */
  codec: Codec;
  /** Where the data schemas are registered and writer schemas looked up. */
  registry: SchemaRegistry;
  /**
   * The subject a schema is registered under: `"topic"` (the default, as Confluent's serdes):
   * `<topic>-value`; `"topic-record"`: `<topic>-<record full name>`, for several event types on
   * one topic; `"record"`: `<record full name>`, one subject for a type on every topic.
   */
  subjects: SubjectStrategy;
  /**
   * The data schema of each event type, as registered: build them with `avroDataSchema`,
   * `protobufDataSchema` and `jsonDataSchema` from what you gave the codec. The codecs keep
   * their schemas compiled, not as registry text, so the serde takes the text here.
   */
  schemas: Readonly<Record<string, DataSchema>>;
  /** How many writer schemas (by id) are kept resolved. Default 256. */
  maxWriterSchemas: number;
}

/** The defaults of {@link KafkaSerdeOptions}. */
export const KAFKA_SERDE_DEFAULTS: Readonly<Pick<KafkaSerdeOptions, "subjects" | "maxWriterSchemas">> = Object.freeze({
  subjects: "topic",
  maxWriterSchemas: 256,
});

/** Options of one {@link KafkaSerde.serialize} call. */
export interface SerializeOptions {
  /** The record key. Default the envelope's `event_id`. */
  key?: string | Uint8Array | null;
  /** CloudEvents extension attributes to add as `ce_<name>` headers. */
  extensions?: CloudEventExtensions;
}

/** Envelopes to Kafka records and back, in the Confluent Schema Registry wire format. */
export interface KafkaSerde {
  /** The record for `envelope` on `topic`: its data schema registered, the value framed, CloudEvents headers. */
  serialize(topic: string, envelope: Envelope, options?: SerializeOptions): Promise<KafkaMessage>;
  /**
   * The envelope of a record: headers read as CloudEvents, the value's writer schema looked up by
   * id. `topic` does not change the result (schema ids are global to a registry); it is taken for
   * symmetry with `serialize` and with Confluent's deserializers.
   */
  deserialize(topic: string, message: KafkaMessageLike): Promise<Envelope>;
}

const SCHEMA_TYPES: Readonly<Record<string, SchemaType>> = { avro: "AVRO", protobuf: "PROTOBUF", json: "JSON" };

/**
 * Makes a serde: `serialize` registers the event type's data schema (once per subject), writes
 * `0x00`, the schema id, the Protobuf message indexes and `codec.encodeData`'s bytes, with the
 * envelope's header as CloudEvents Kafka binary-mode headers; `deserialize` reads it back,
 * resolving the writer schema by id.
 *
 * @example
 * ```ts
 * const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas: { user_login: avroDataSchema(userLogin) } });
 * const message = await serde.serialize("logins", envelope);
 * await serde.deserialize("logins", message); // envelope
 * ```
 */
export function createKafkaSerde(
  options: Partial<KafkaSerdeOptions> & Pick<KafkaSerdeOptions, "codec" | "registry" | "schemas">,
): KafkaSerde {
  const settings: KafkaSerdeOptions = { ...KAFKA_SERDE_DEFAULTS, ...options };
  const { codec, registry } = settings;
  const schemaType = SCHEMA_TYPES[codec.name];
  if (schemaType === undefined)
    throw new TypeError(`the codec ${JSON.stringify(codec.name)} has no registry schema type`);
  const types = new Map<string, DataSchema & { readonly messageIndexes: number[] | undefined }>();
  for (const [eventType, schema] of Object.entries(settings.schemas)) {
    if (schema.schemaType !== schemaType) {
      throw new TypeError(
        `the schema of ${JSON.stringify(eventType)} is ${schema.schemaType}, the codec ${codec.name}`,
      );
    }
    types.set(eventType, { ...schema, messageIndexes: messageIndexesOf(schema) });
  }
  const ids = new Map<string, Promise<number>>();
  const readers: WriterReaders = createWriterReaders({ codec, registry, schemaType, max: settings.maxWriterSchemas });

  const schemaIdOf = (subject: string, eventType: string, schema: DataSchema): Promise<number> => {
    // Keyed by the type too: with the topic strategy several types may share one subject.
    const key = `${subject}\n${eventType}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = registry
        .register(subject, { schemaType: schema.schemaType, schema: schema.schema })
        .catch((error: unknown) => {
          ids.delete(key);
          throw withContext(error, eventType, `subject ${JSON.stringify(subject)}`);
        });
      ids.set(key, id);
    }
    return id;
  };

  return {
    async serialize(topic, envelope, callOptions = {}) {
      const headers = kafkaHeadersOf(envelope, codec.dataContentType, callOptions.extensions);
      const eventType = envelope.event_type;
      const schema = types.get(eventType);
      if (schema === undefined) throw unknownType(eventType);
      const data = codec.encodeData(eventType, envelope.data);
      const id = await schemaIdOf(subjectName(settings.subjects, topic, schema.recordName), eventType, schema);
      const key = callOptions.key === undefined ? envelope.event_id : callOptions.key;
      return { key, value: frameValue(id, schema.messageIndexes, data), headers };
    },

    async deserialize(_topic, message) {
      const head = envelopeHeadOfKafka(headersOfKafka(message));
      const eventType = head.event_type;
      checkContentType(head.contentType, codec.dataContentType, eventType);
      const schema = types.get(eventType);
      if (schema === undefined) throw unknownType(eventType);
      const framed = unframeValue(recordValueOf(message, eventType), schemaType === "PROTOBUF", eventType);
      const read = await readers.readerFor(framed.schemaId, eventType, schema, framed.messageIndexes);
      const data = read(framed.data);
      return { event_id: head.event_id, event_type: eventType, timestamp: head.timestamp, source: head.source, data };
    },
  };
}

/** The subject name of a record under a strategy, as Confluent's strategies name it for values. */
export function subjectName(strategy: SubjectStrategy, topic: string, recordName: string): string {
  if (strategy === "topic") return `${topic}-value`;
  if (strategy === "topic-record") return `${topic}-${recordName}`;
  return recordName;
}

function messageIndexesOf(schema: DataSchema): number[] | undefined {
  if (schema.schemaType !== "PROTOBUF") return undefined;
  const indexes = ProtoFileMessages.parse(schema.schema).indexesOf(schema.recordName);
  if (indexes === undefined) throw new TypeError(`the .proto file does not declare ${schema.recordName}`);
  return indexes;
}

function recordValueOf(message: KafkaMessageLike, eventType: string): Uint8Array {
  const value = message.value;
  if (value instanceof Uint8Array) return value;
  const what = value === null || value === undefined ? "empty (a tombstone)" : "not bytes";
  throw new EnvelopeError("MALFORMED", `the record's value is ${what}`, { path: "/data", eventType });
}

function checkContentType(contentType: string, expected: string, eventType: string): void {
  // Parameters (`; charset=utf-8`) and case do not change the media type.
  const media = contentType.split(";")[0]?.trim().toLowerCase();
  if (media !== expected) {
    throw new EnvelopeError("INVALID_ENVELOPE", `the content-type is ${JSON.stringify(contentType)}, not ${expected}`, {
      path: "/datacontenttype",
      eventType,
    });
  }
}

function unknownType(eventType: string): EnvelopeError {
  return new EnvelopeError("UNKNOWN_EVENT_TYPE", "the serde has no data schema for this event type", {
    path: "/event_type",
    eventType,
  });
}
