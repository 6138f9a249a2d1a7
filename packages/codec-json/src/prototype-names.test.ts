import { createEnvelope } from "@eventwire/envelope-core";
import { codecLaws, prototypeNamesSchema } from "@eventwire/envelope-core/testing";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createJsonCodec } from "./index.js";

// Fields named like Object.prototype members, optional: absent must mean absent, not inherited.
// ajv ignores `__proto__` in `properties`, so this codec has no such field (see the README).
const schema = prototypeNamesSchema({ protoField: false });
const codec = createJsonCodec({ types: { prototype_names: schema } });
const envelope = (data: unknown) => createEnvelope({ event_type: "prototype_names", source: "s", event_id: "e", data });

describe("fields named like Object.prototype members", () => {
  it("takes { name } alone, in encode, decode and data alone", () => {
    const e = envelope({ name: "x", nested: { name: "y" } });
    expect(codec.decode(codec.encode(e))).toStrictEqual(e);
    expect(codec.decodeData("prototype_names", codec.encodeData("prototype_names", e.data))).toStrictEqual(e.data);
  });

  it("reads them as own properties when set; a __proto__ key is refused as undeclared, not taken as the prototype", () => {
    const text = (data: string) =>
      `{"event_id":"e","event_type":"prototype_names","timestamp":"2024-01-01T00:00:00Z","source":"s","data":${data}}`;
    const data = codec.decodeText(text('{"name":"x","constructor":"c","valueOf":1}')).data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(["name", "constructor", "valueOf"]);
    const error = captureEnvelopeError(() => codec.decodeText(text('{"name":"x","__proto__":"p"}')));
    expect([error.code, error.path]).toEqual(["INVALID_DATA", "/data/__proto__"]);
  });

  for (const law of codecLaws(codec, { types: { prototype_names: schema }, numRuns: 300, seed: 11 })) {
    it(law.name, law.run);
  }
});
