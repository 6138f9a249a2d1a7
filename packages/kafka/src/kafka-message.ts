import { EnvelopeError } from "@eventwire/envelope-core";

/** One header value as Kafka clients give it: kafkajs collects a repeated header into an array. */
export type KafkaHeaderValue = Uint8Array | string | readonly (Uint8Array | string)[] | undefined;

/**
 * A consumed record, in the shape that kafkajs's `eachMessage` and
 * `@confluentinc/kafka-javascript`'s KafkaJS API give (`Buffer` is a `Uint8Array`), and that
 * `serialize` returns.
 */
export interface KafkaMessageLike {
  readonly value: Uint8Array | null | undefined;
  readonly headers?: Readonly<Record<string, KafkaHeaderValue>> | undefined;
  readonly key?: Uint8Array | string | null | undefined;
}

/**
 * The headers of a record as one value each. A header that is repeated (an array of more than
 * one value) is `MALFORMED`: which of its values is the attribute cannot be known.
 */
export function headersOfKafka(message: KafkaMessageLike): Record<string, Uint8Array | string> {
  if (typeof message !== "object" || message === null) {
    throw new EnvelopeError("MALFORMED", "a Kafka message must be an object", { path: "" });
  }
  const out: Record<string, Uint8Array | string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      out[name] = value as Uint8Array | string;
      continue;
    }
    if (value.length !== 1) {
      throw new EnvelopeError("MALFORMED", `the header ${JSON.stringify(name)} is repeated ${value.length} times`, {
        path: "",
      });
    }
    out[name] = value[0] as Uint8Array | string;
  }
  return out;
}
