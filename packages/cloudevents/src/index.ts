export { envelopeHeadOfKafka, kafkaHeadersOf } from "./kafka-headers.js";
export { fromCloudEvent, fromCloudEventWithExtensions, toCloudEvent } from "./structured.js";
export type {
  CloudEventAttributeValue,
  CloudEventExtensions,
  CloudEventJson,
  ContentMode,
  EnvelopeHead,
  EnvelopeWithExtensions,
  HttpMessage,
  HttpWriteOptions,
  KafkaMessage,
  KafkaWriteOptions,
  WriteOptions,
} from "./types.js";
