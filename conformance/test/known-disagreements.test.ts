import { readFileSync } from "node:fs";
import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { createEnvelope, type Envelope } from "@eventwire/envelope-core";
import { prototypeNamesSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes } from "@eventwire/schemas";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { exampleCodecs } from "../src/codecs.js";

const list = JSON.parse(readFileSync(new URL("../known-disagreements.json", import.meta.url), "utf8")) as {
  disagreements: { id: string }[];
};
const { json, avro, protobuf } = exampleCodecs();
const sensor = exampleEnvelopes().sensor_reading as Envelope<Record<string, unknown>>;
const login = exampleEnvelopes().user_login as Envelope<Record<string, unknown>>;
const order = exampleEnvelopes().order_placed as Envelope<Record<string, unknown>>;
const roundTrip = (codec: typeof json, e: Envelope) => codec.decode(codec.encode(e)).data as Record<string, unknown>;

// Each entry of known-disagreements.json, shown to behave as it says.
const checks: Record<string, () => void> = {
  "negative-zero": () => {
    const e = { ...sensor, data: { ...sensor.data, temperature: -0 } };
    expect(Object.is(roundTrip(json, e).temperature, 0)).toBe(true);
    expect(Object.is(roundTrip(avro, e).temperature, -0)).toBe(true);
    expect(Object.is(roundTrip(protobuf, e).temperature, -0)).toBe(true);
  },
  "lone-surrogate": () => {
    const e = { ...login, data: { user_id: "\ud800", ip: "i" } };
    expect(roundTrip(json, e).user_id).toBe("\ud800");
    expect(captureEnvelopeError(() => avro.encode(e)).code).toBe("INVALID_DATA");
    expect(captureEnvelopeError(() => protobuf.encode(e)).code).toBe("INVALID_DATA");
    expect(captureEnvelopeError(() => json.encode({ ...login, source: "\ud800" })).code).toBe("INVALID_ENVELOPE");
  },
  "null-optional": () => {
    const e = { ...order, data: { ...order.data, coupon: null } };
    expect(captureEnvelopeError(() => json.encode(e)).code).toBe("INVALID_DATA");
    expect("coupon" in roundTrip(avro, e)).toBe(false);
    expect("coupon" in roundTrip(protobuf, e)).toBe(false);
  },
  "key-order": () => {
    const e = { ...order, data: { metadata: order.data.metadata, ...order.data } };
    expect(Object.keys(roundTrip(json, e))[0]).toBe("metadata");
    expect(Object.keys(roundTrip(avro, e))[0]).toBe("order_id");
    expect(Object.keys(roundTrip(protobuf, e)).at(-1)).toBe("customer");
    expect(roundTrip(json, e)).toEqual(roundTrip(protobuf, e));
  },
  "prototype-field-names": () => {
    const data = { name: "x" };
    Object.defineProperty(data, "__proto__", { value: "p", enumerable: true, writable: true, configurable: true });
    const e = createEnvelope({ event_type: "prototype_names", source: "s", data });
    const avroCodec = createAvroCodec({
      types: {
        prototype_names: {
          type: "record",
          name: "PrototypeNames",
          fields: [
            { name: "name", type: "string" },
            { name: "__proto__", type: ["null", "string"], default: null },
          ],
        },
      },
    });
    const carried = roundTrip(avroCodec, e);
    expect(Object.getOwnPropertyDescriptor(carried, "__proto__")?.value).toBe("p");
    expect(Object.getPrototypeOf(carried)).toBe(Object.prototype);
    // ajv ignores __proto__ in properties, so the JSON codec refuses a schema that declares it.
    expect(() => createJsonCodec({ types: { prototype_names: prototypeNamesSchema() } })).toThrow(
      /declares a field named __proto__/,
    );
    const undeclared = createJsonCodec({ types: { prototype_names: prototypeNamesSchema({ protoField: false }) } });
    const misfit = { name: "x" };
    Object.defineProperty(misfit, "__proto__", { value: 5, enumerable: true, writable: true, configurable: true });
    expect(captureEnvelopeError(() => undeclared.encode({ ...e, data: misfit }))).toMatchObject({
      code: "INVALID_DATA",
      path: "/data/__proto__",
    });
    const protobufCodec = createProtobufCodec({
      proto: 'syntax = "proto3"; package t; message P { string name = 1; optional string __proto__ = 2; }',
      types: { prototype_names: "t.P" },
    });
    for (const codec of [undeclared, protobufCodec]) {
      expect(captureEnvelopeError(() => codec.encode(e))).toMatchObject({
        code: "INVALID_DATA",
        path: "/data/__proto__",
      });
      expect(codec.decode(codec.encode({ ...e, data: { name: "x" } })).data).toStrictEqual({ name: "x" });
    }
  },
  "unknown-types": () => {
    const e = { ...login, event_type: "not_registered" };
    expect(captureEnvelopeError(() => json.encode(e)).code).toBe("UNKNOWN_EVENT_TYPE");
    expect(captureEnvelopeError(() => avro.encode(e)).code).toBe("UNKNOWN_EVENT_TYPE");
    expect(captureEnvelopeError(() => protobuf.encode(e)).code).toBe("UNKNOWN_EVENT_TYPE");
  },
};

describe("known disagreements (known-disagreements.json)", () => {
  it("every entry has a check, and every check an entry", () => {
    expect(list.disagreements.map((d) => d.id).sort()).toEqual(Object.keys(checks).sort());
  });
  for (const { id } of list.disagreements) it(id, () => checks[id]?.());
});
