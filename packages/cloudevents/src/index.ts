export {
  CLOUDEVENTS_BATCH_JSON,
  CLOUDEVENTS_JSON,
  fromHttp,
  fromHttpBatch,
  fromHttpBatchWithExtensions,
  fromHttpWithExtensions,
  toHttp,
  toHttpBatch,
} from "./http.js";
export { fromKafka, fromKafkaWithExtensions, toKafka } from "./kafka.js";
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
