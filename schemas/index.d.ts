/** The example event types, small to large. */
export declare const EXAMPLE_TYPES: readonly ["user_login", "order_placed", "sensor_reading", "log_batch"];
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
