export type { KafkaMessage } from "@eventwire/cloudevents";
export type {
  KafkaSerde,
  KafkaSerdeOptions,
  SerializeOptions,
  SubjectStrategy,
} from "./create-kafka-serde.js";
export { createKafkaSerde, KAFKA_SERDE_DEFAULTS, subjectName } from "./create-kafka-serde.js";
export type { DataSchema } from "./data-schemas.js";
export { avroDataSchema, jsonDataSchema, protobufDataSchema } from "./data-schemas.js";
export type { HttpRegistryOptions } from "./http-registry.js";
export { HTTP_REGISTRY_DEFAULTS, httpRegistry } from "./http-registry.js";
export type { KafkaHeaderValue, KafkaMessageLike } from "./kafka-message.js";
export type { RegistrySchema, SchemaRegistry, SchemaType } from "./schema-registry.js";
export { memoryRegistry } from "./schema-registry.js";
export type { FramedValue } from "./wire-format.js";
export { frameValue, unframeValue } from "./wire-format.js";
