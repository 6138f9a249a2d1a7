import { isEnvelopeError } from "@eventwire/envelope-core";
import { describe, expect, it } from "vitest";
import { createKafkaSerde, memoryRegistry, type SchemaRegistry, unframeValue } from "../src/index.js";
import { ENVELOPES, exampleSerdeParts, FORMATS, TYPES } from "./fixtures.js";

/** A registry that records what was registered, around the memory one. */
function recordingRegistry(): SchemaRegistry & { subjects: string[] } {
  const inner = memoryRegistry();
  const subjects: string[] = [];
  return {
    subjects,
    register(subject, schema) {
      subjects.push(subject);
      return inner.register(subject, schema);
    },
    getSchema: (id) => inner.getSchema(id),
  };
}

describe.each(FORMATS)("%s serde on a memory registry", (format) => {
  const { codec, schemas } = exampleSerdeParts(format);

  it.each(TYPES)("round-trips %s with CloudEvents headers and the event_id as key", async (type) => {
    const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas });
    const envelope = ENVELOPES[type];
    const message = await serde.serialize("events", envelope);
    expect(message.key).toBe(envelope.event_id);
    expect(message.headers).toMatchObject({
      ce_id: envelope.event_id,
      ce_type: type,
      ce_source: envelope.source,
      ce_specversion: "1.0",
      "content-type": codec.dataContentType,
    });
    expect(message.value[0]).toBe(0);
    expect(await serde.deserialize("events", message)).toEqual(envelope);
  });

  it("names subjects by each strategy, and several types share a topic with topic-record", async () => {
    const registry = recordingRegistry();
    const serde = createKafkaSerde({ codec, registry, schemas, subjects: "topic-record" });
    for (const type of TYPES) await serde.serialize("mixed", ENVELOPES[type]);
    expect(registry.subjects).toEqual(TYPES.map((t) => `mixed-${schemas[t]?.recordName}`));
    const byTopic = recordingRegistry();
    await createKafkaSerde({ codec, registry: byTopic, schemas }).serialize("orders", ENVELOPES.order_placed);
    expect(byTopic.subjects).toEqual(["orders-value"]);
    const byRecord = recordingRegistry();
    const record = createKafkaSerde({ codec, registry: byRecord, schemas, subjects: "record" });
    await record.serialize("a", ENVELOPES.user_login);
    await record.serialize("b", ENVELOPES.user_login);
    // One subject for the type on every topic: registered once.
    expect(byRecord.subjects).toEqual([schemas.user_login?.recordName]);
  });

  it("registers once per subject and type, and keeps a key that is given", async () => {
    const registry = recordingRegistry();
    const serde = createKafkaSerde({ codec, registry, schemas });
    const first = await serde.serialize("t", ENVELOPES.user_login, { key: "user-42" });
    await serde.serialize("t", ENVELOPES.user_login, { key: null });
    expect(registry.subjects).toEqual(["t-value"]);
    expect(first.key).toBe("user-42");
  });

  it("refuses an invalid envelope or data with the codec's error, registering nothing", async () => {
    const registry = recordingRegistry();
    const serde = createKafkaSerde({ codec, registry, schemas });
    const badTime = await serde.serialize("t", { ...ENVELOPES.user_login, timestamp: "yesterday" }).catch((e) => e);
    expect(badTime).toMatchObject({ name: "EnvelopeError", code: "INVALID_ENVELOPE", path: "/timestamp" });
    const badData = await serde.serialize("t", { ...ENVELOPES.user_login, data: { user_id: 1 } }).catch((e) => e);
    expect(badData).toMatchObject({ name: "EnvelopeError", code: "INVALID_DATA", eventType: "user_login" });
    expect(registry.subjects).toEqual([]);
  });

  it("refuses an event type it has no schema for, both ways", async () => {
    const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas: {} });
    const error = await serde.serialize("t", ENVELOPES.user_login).catch((e: unknown) => e);
    expect(isEnvelopeError(error) && error.code).toBe("UNKNOWN_EVENT_TYPE");
    const full = createKafkaSerde({ codec, registry: memoryRegistry(), schemas });
    const message = await full.serialize("t", ENVELOPES.user_login);
    const back = await serde.deserialize("t", message).catch((e: unknown) => e);
    expect(isEnvelopeError(back) && back.code).toBe("UNKNOWN_EVENT_TYPE");
  });
});

describe("protobuf message indexes", () => {
  const { codec, schemas } = exampleSerdeParts("protobuf");

  it("writes the path of a message that is not the first in its file", async () => {
    const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas });
    // order_placed.proto declares Customer, LineItem, then OrderPlaced: indexes [2].
    const order = unframeValue((await serde.serialize("t", ENVELOPES.order_placed)).value, true);
    expect(order.messageIndexes).toEqual([2]);
    const login = await serde.serialize("t", ENVELOPES.user_login);
    expect(Array.from(login.value.subarray(5, 6))).toEqual([0]);
  });
});
