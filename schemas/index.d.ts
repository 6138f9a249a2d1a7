/**
 * The example event types: four nearly all ASCII, small to large, then three whose strings are
 * mostly not ASCII (a Chinese name and address, a Russian log line, chat text with emoji).
 */
export declare const EXAMPLE_TYPES: readonly [
  "user_login",
  "order_placed",
  "sensor_reading",
  "log_batch",
  "user_registered",
  "log_line",
  "chat_message",
];
export type ExampleType = (typeof EXAMPLE_TYPES)[number];

/** This folder's absolute path. */
export declare const SCHEMA_DIR: string;

/** The fully qualified Protobuf message name of each example type. */
export declare const PROTO_MESSAGES: Readonly<Record<ExampleType, string>>;

/** The JSON Schema of each example type (`events/<type>.schema.json`). */
export declare function loadJsonSchemas(): Record<ExampleType, Record<string, unknown>>;
/** The Avro record schema of each example type (`events/<type>.avsc`). */
export declare function loadAvroSchemas(): Record<ExampleType, Record<string, unknown>>;
/** The `.proto` source of each example type (`events/<type>.proto`). */
export declare function loadProtoSources(): Record<ExampleType, string>;
/** Reads a file of this folder as text, e.g. `envelope.proto`. */
export declare function readSchemaFile(name: string): string;

export interface ExampleEnvelope {
  event_id: string;
  event_type: ExampleType;
  timestamp: string;
  source: string;
  data: Record<string, unknown>;
}

/** One realistic envelope per example type, the same on every call (seeded). */
export declare function exampleEnvelopes(seed?: number): Record<ExampleType, ExampleEnvelope>;

/** A valid envelope with its exact bytes in each codec, as the reference tools make them. */
export interface ValidVector {
  name: string;
  envelope: ExampleEnvelope;
  /** The JSON codec's text (Python's json reads it back to the same object). */
  json: string;
  /** Hex: C3 01, the fingerprint, then Apache Avro's body. */
  avro: string;
  /** Hex: protoc's --encode --deterministic_output. */
  protobuf: string;
}

/** Bytes that a codec must refuse, with the code it must give. */
export interface InvalidVector {
  name: string;
  codec: "json" | "avro" | "protobuf";
  /** Hex of the input. */
  input: string;
  code: string;
  path?: string;
}

/** `vectors/valid.json` and `vectors/invalid.json`: checked-in cases that every codec's tests read. */
export declare function loadVectors(): {
  valid: { source: string; cases: ValidVector[] };
  invalid: { source: string; cases: InvalidVector[] };
};
