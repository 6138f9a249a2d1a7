import { mkdirSync, writeFileSync } from "node:fs";
import { createEnvelope } from "@eventwire/envelope-core";
import { codecLaws, prototypeNamesSchema } from "@eventwire/envelope-core/testing";
import { captureEnvelopeError } from "@eventwire/testkit";
import standaloneCode from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { createAjv, createJsonCodec, type JsonSchema, type JsonValidator } from "./index.js";

// Fields named like Object.prototype members, optional: absent must mean absent, not inherited.
// ajv ignores `__proto__` in `properties`, so this codec has no such field (see the README).
const schema = prototypeNamesSchema({ protoField: false });
const withProto = prototypeNamesSchema();
const codec = createJsonCodec({ types: { prototype_names: schema } });
const envelope = (data: unknown) => createEnvelope({ event_type: "prototype_names", source: "s", event_id: "e", data });
const text = (data: string) =>
  `{"event_id":"e","event_type":"prototype_names","timestamp":"2024-01-01T00:00:00Z","source":"s","data":${data}}`;

/** The validator that `ajv/dist/standalone` writes for `of`, imported back (code generation off). */
async function standalone(of: JsonSchema): Promise<JsonValidator> {
  const dir = new URL(`../node_modules/.cache/standalone-proto-${process.pid}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  const ajv = createAjv({ standalone: true });
  const file = new URL("prototype_names.mjs", dir);
  writeFileSync(file, standaloneCode.default(ajv, ajv.compile(of)));
  return ((await import(file.href)) as { default: JsonValidator }).default;
}

/** A record holding `__proto__` as an own key with `value`, as `JSON.parse` makes it. */
function withProtoKey(value: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = { name: "x" };
  Object.defineProperty(data, "__proto__", { value, enumerable: true, writable: true, configurable: true });
  return data;
}

describe("fields named like Object.prototype members", () => {
  it("takes { name } alone, in encode, decode and data alone", () => {
    const e = envelope({ name: "x", nested: { name: "y" } });
    expect(codec.decode(codec.encode(e))).toStrictEqual(e);
    expect(codec.decodeData("prototype_names", codec.encodeData("prototype_names", e.data))).toStrictEqual(e.data);
  });

  it("reads them as own properties when set; a __proto__ key is refused as undeclared, not taken as the prototype", () => {
    const data = codec.decodeText(text('{"name":"x","constructor":"c","valueOf":1}')).data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(["name", "constructor", "valueOf"]);
    const error = captureEnvelopeError(() => codec.decodeText(text('{"name":"x","__proto__":"p"}')));
    expect([error.code, error.path]).toEqual(["INVALID_DATA", "/data/__proto__"]);
  });

  for (const law of codecLaws(codec, { types: { prototype_names: schema }, numRuns: 300, seed: 11 })) {
    it(law.name, law.run);
  }
});

describe("a schema that declares __proto__ (ajv ignores it in properties)", () => {
  it("is a TypeError when the codec is made, naming the type, with code generation on", () => {
    expect(() => createJsonCodec({ types: { prototype_names: withProto } })).toThrow(
      /event type "prototype_names" declares a field named __proto__/,
    );
    const nested = JSON.parse('{"type":"array","items":{"type":"object","properties":{"__proto__":{}}}}');
    expect(() => createJsonCodec({ types: { t: nested } })).toThrow(TypeError);
  });

  it("is a TypeError with code generation off too, also when a precompiled validator is given", async () => {
    const validate = await standalone(withProto);
    expect(() =>
      createJsonCodec({
        types: { prototype_names: withProto },
        validators: { prototype_names: validate },
        codeGeneration: false,
      }),
    ).toThrow(/declares a field named __proto__/);
  });

  it("a map's __proto__ key is data, not a declared field, and stays allowed", () => {
    const map = JSON.parse('{"type":"object","additionalProperties":{"type":"string"}}');
    const mapCodec = createJsonCodec({ types: { m: map } });
    const decoded = mapCodec.decodeText(text('{"__proto__":"p"}').replace("prototype_names", "m")).data;
    expect(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value).toBe("p");
  });
});

describe.each([
  ["generated code", false],
  ["code generation off (standalone validator)", true],
])("a __proto__ key in data, %s", (_, off) => {
  const make = async () =>
    off ? createJsonCodec({ validators: { prototype_names: await standalone(schema) }, codeGeneration: false }) : codec;

  it.each([
    ["a string", "p"],
    ["a number", 5],
    ["an object", { polluted: "yes" }],
  ])("is refused as undeclared whatever its value (%s), in encode, decode and data alone", async (_, value) => {
    const c = await make();
    const data = withProtoKey(value);
    const expected = { code: "INVALID_DATA", path: "/data/__proto__", eventType: "prototype_names" };
    const reason = /field is not declared by the schema/;
    for (const error of [
      captureEnvelopeError(() => c.encode(envelope(data))),
      captureEnvelopeError(() => c.encodeData("prototype_names", data)),
      captureEnvelopeError(() =>
        c.decodeText(text(JSON.stringify({ name: "x" }).replace("}", `,"__proto__":${JSON.stringify(value)}}`))),
      ),
    ]) {
      expect(error).toMatchObject(expected);
      expect(error.message).toMatch(reason);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
