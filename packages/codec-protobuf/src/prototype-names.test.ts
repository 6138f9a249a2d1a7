import { createEnvelope } from "@eventwire/envelope-core";
import { codecLaws, prototypeNamesSchema } from "@eventwire/envelope-core/testing";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "./index.js";

// Fields named like Object.prototype members, optional: absent must mean absent, not inherited.
// protobufjs drops a field named __proto__ while parsing, so this codec carries none (README).
const fields = `string name = 1; optional string constructor = 2; optional string toString = 3;
  optional int32 valueOf = 4; optional bool hasOwnProperty = 5;`;
const proto = `syntax = "proto3"; package test;
message Nested { ${fields} }
message PrototypeNames { ${fields} optional Nested nested = 7; }`;
const types = { prototype_names: "test.PrototypeNames" };
const shared = { prototype_names: prototypeNamesSchema({ protoField: false }) };
const envelope = (data: unknown) => createEnvelope({ event_type: "prototype_names", source: "s", event_id: "e", data });

describe.each([
  ["generated code", true],
  ["closures", false],
])("fields named like Object.prototype members (%s)", (_, codeGeneration) => {
  const codec = createProtobufCodec({ proto, types, codeGeneration });

  it("takes { name } alone, in encode, decode and data alone", () => {
    const e = envelope({ name: "x", nested: { name: "y" } });
    expect(codec.decode(codec.encode(e))).toStrictEqual(e);
    expect(codec.decodeData("prototype_names", codec.encodeData("prototype_names", e.data))).toStrictEqual(e.data);
  });

  it("carries them as own properties when set; an own __proto__ key is refused as undeclared", () => {
    const data: Record<string, unknown> = { name: "x", constructor: "c", valueOf: 1, hasOwnProperty: false };
    const decoded = codec.decode(codec.encode(envelope(data))).data as Record<string, unknown>;
    expect(decoded).toStrictEqual(data);
    Object.defineProperty(data, "__proto__", { value: "p", enumerable: true, writable: true, configurable: true });
    const error = captureEnvelopeError(() => codec.encode(envelope(data)));
    expect([error.code, error.path]).toEqual(["INVALID_DATA", "/data/__proto__"]);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });

  for (const law of codecLaws(codec, { types: shared, numRuns: 300, seed: 13 })) it(law.name, law.run);
});
