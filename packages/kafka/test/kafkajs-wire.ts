// kafkajs's own record encoding and decoding, as its producer writes a record batch and its
// consumer reads one, so that the example runs on the message objects kafkajs really gives
// without a broker. (kafkajs ships these modules as plain CommonJS, without types.)
import { createRequire } from "node:module";
import type { EachMessagePayload, Message, Producer, ProducerRecord } from "kafkajs";

const require = createRequire(import.meta.url);
const Record = require("kafkajs/src/protocol/recordBatch/record/v0") as (r: object) => unknown;
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0") as {
  RecordBatch: (b: object) => Promise<{ buffer: Buffer }>;
};
const decodeBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder") as (
  d: unknown,
) => Promise<{ records: EachMessagePayload["message"][] }>;
const Decoder = require("kafkajs/src/protocol/decoder") as new (buffer: Buffer) => unknown;

/** Encodes messages into a record batch and decodes it back: what a consumer's eachMessage gets. */
export async function throughKafkajsWire(messages: readonly Message[]): Promise<EachMessagePayload["message"][]> {
  const now = Date.now();
  const records = messages.map((message, i) => Record({ ...message, offsetDelta: i, timestampDelta: 0 }));
  const batch = await RecordBatch({
    records,
    firstTimestamp: now,
    maxTimestamp: now,
    lastOffsetDelta: records.length - 1,
  });
  return (await decodeBatch(new Decoder(batch.buffer))).records;
}

/** A producer and consumer pair joined by kafkajs's wire encoding: `send` delivers to `eachMessage`. */
export function kafkajsLoop(eachMessage: (payload: EachMessagePayload) => Promise<void>): Pick<Producer, "send"> {
  return {
    async send(record: ProducerRecord) {
      for (const message of await throughKafkajsWire(record.messages)) {
        await eachMessage({
          topic: record.topic,
          partition: 0,
          message,
          heartbeat: async () => {},
          pause: () => () => {},
        });
      }
      return [];
    },
  };
}
