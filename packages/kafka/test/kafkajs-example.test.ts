import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Envelope } from "@eventwire/envelope-core";
import { PROTO_MESSAGES } from "@eventwire/schemas";
import { expect, it } from "vitest";
import { eachEnvelope, publish } from "../examples/kafkajs.js";
import { createKafkaSerde, memoryRegistry, protobufDataSchema } from "../src/index.js";
import { ENVELOPES, PROTO, TYPES } from "./fixtures.js";
import { kafkajsLoop, throughKafkajsWire } from "./kafkajs-wire.js";

it("produces with the serde and consumes kafkajs's message objects, every example type on one topic", async () => {
  const codec = createProtobufCodec({ proto: TYPES.map((t) => PROTO[t]), types: PROTO_MESSAGES });
  const schemas = Object.fromEntries(TYPES.map((t) => [t, protobufDataSchema(PROTO[t], PROTO_MESSAGES[t])]));
  const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas, subjects: "topic-record" });
  const received: Envelope[] = [];
  const producer = kafkajsLoop(eachEnvelope(serde, (envelope) => void received.push(envelope)));
  await publish(producer, serde, "events", Object.values(ENVELOPES));
  expect(received).toEqual(Object.values(ENVELOPES));
});

it("kafkajs hands headers over as Buffers and keys as Buffers; the serde reads them", async () => {
  const [message] = await throughKafkajsWire([{ key: "k", value: Buffer.from([0]), headers: { ce_id: "x" } }]);
  expect(Buffer.isBuffer(message?.headers?.ce_id)).toBe(true);
  expect(Buffer.isBuffer(message?.key)).toBe(true);
});

it("skips a tombstone instead of failing the consumer", async () => {
  const serde = createKafkaSerde({
    codec: createProtobufCodec({ proto: [], types: {} }),
    registry: memoryRegistry(),
    schemas: {},
  });
  const received: Envelope[] = [];
  const producer = kafkajsLoop(eachEnvelope(serde, (envelope) => void received.push(envelope)));
  await producer.send({ topic: "t", messages: [{ key: "gone", value: null }] });
  expect(received).toEqual([]);
});
