// Producing with the serde and consuming with kafkajs (or @confluentinc/kafka-javascript's
// KafkaJS-compatible API, which takes and gives the same message objects).
import type { Envelope } from "@eventwire/envelope-core";
import type { KafkaMessage, KafkaSerde } from "@eventwire/kafka";
import type { EachMessagePayload, Message, Producer } from "kafkajs";

/** A serialized record as kafkajs's `producer.send` takes it: Buffers where it wants bytes. */
export function toKafkajsMessage(message: KafkaMessage): Message {
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    headers[name] = typeof value === "string" ? value : asBuffer(value);
  }
  const key = message.key === null || typeof message.key === "string" ? message.key : asBuffer(message.key);
  return { key, value: asBuffer(message.value), headers };
}

/** Serializes each envelope and sends them in one batch. */
export async function publish(
  producer: Pick<Producer, "send">,
  serde: KafkaSerde,
  topic: string,
  envelopes: readonly Envelope[],
): Promise<void> {
  const messages = await Promise.all(envelopes.map((envelope) => serde.serialize(topic, envelope)));
  await producer.send({ topic, messages: messages.map(toKafkajsMessage) });
}

/** An `eachMessage` handler for `consumer.run`: kafkajs's message objects in, envelopes out. */
export function eachEnvelope(
  serde: KafkaSerde,
  handle: (envelope: Envelope) => Promise<void> | void,
): (payload: EachMessagePayload) => Promise<void> {
  return async ({ topic, message }) => {
    // A compacted topic's tombstone has no value and no envelope.
    if (message.value === null) return;
    await handle(await serde.deserialize(topic, message));
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
