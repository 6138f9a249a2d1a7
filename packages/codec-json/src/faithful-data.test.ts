import { type Envelope, isEnvelopeError } from "@eventwire/envelope-core";
import { captureEnvelopeError } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAjv, createJsonCodec, type JsonSchema } from "./index.js";

// encode must write what it checked: JSON.stringify calls toJSON, drops functions and fields it
// does not see, writes holes as null and throws on bigints and cycles. Three ways to check one
// record: the generated fast check, the closures (code generation off), and ajv alone (a keyword
// the fast check does not know), plus a schema that leaves values open.
const record = {
  type: "object",
  properties: { a: { type: "string" }, xs: { type: "array", items: { type: "string" } }, n: { type: "number" } },
  required: ["a"],
  additionalProperties: false,
};
const open = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
const types: Record<string, JsonSchema> = { fast: record, slow: { ...record, minProperties: 1 }, open };
const ajv = createAjv();
const validators = Object.fromEntries(Object.entries(types).map(([type, schema]) => [type, ajv.compile(schema)]));
const codecs = {
  generated: createJsonCodec({ types }),
  "code generation off": createJsonCodec({ types, validators, codeGeneration: false }),
};

class Rewritten extends Array {
  toJSON(): unknown {
    return "rewritten";
  }
}
const cycle: Record<string, unknown> = { a: "x" };
cycle.self = cycle;
const hidden = Object.defineProperty({ xs: [] }, "a", { value: "x", enumerable: false });

// Each: data, the event types it is tried on, and the refusal expected.
const refused: [string, unknown, string[], { code: string; path: string }][] = [
  [
    "an array with an own toJSON",
    { a: "x", xs: Object.assign(["y"], { toJSON: () => "z" }) },
    ["fast", "slow", "open"],
    { code: "INVALID_DATA", path: "/data/xs" },
  ],
  [
    "an Array subclass with toJSON",
    { a: "x", xs: Rewritten.from(["y"]) },
    ["fast", "slow", "open"],
    { code: "INVALID_DATA", path: "/data/xs" },
  ],
  [
    "an object with a hidden toJSON",
    Object.defineProperty({ a: "x" }, "toJSON", { value: () => ({}) }),
    ["fast", "slow", "open"],
    { code: "INVALID_DATA", path: "/data" },
  ],
  [
    "a required field that is not enumerable",
    hidden,
    ["fast", "slow", "open"],
    { code: "INVALID_DATA", path: "/data" },
  ],
  ["a function", { a: "x", f: () => 1 }, ["open"], { code: "INVALID_DATA", path: "/data/f" }],
  ["a bigint", { a: "x", big: 10n }, ["open"], { code: "INVALID_DATA", path: "/data/big" }],
  ["a hole", { a: "x", list: new Array(2).fill(1, 1) }, ["open"], { code: "INVALID_DATA", path: "/data/list/0" }],
  ["undefined in an array", { a: "x", list: [undefined] }, ["open"], { code: "INVALID_DATA", path: "/data/list/0" }],
  ["a Date", { a: "x", when: new Date(0) }, ["open"], { code: "INVALID_DATA", path: "/data/when" }],
  [
    "a cycle",
    cycle,
    ["open"],
    {
      code: "LIMIT_EXCEEDED",
      path: expect.stringMatching(/^\/data\/self\//),
    },
  ],
];

const envelope = (event_type: string, data: unknown) =>
  ({ event_id: "e", event_type, timestamp: "2024-01-01T00:00:00Z", source: "s", data }) as Envelope;

describe.each(Object.entries(codecs))("encode writes what it checked (%s)", (_, codec) => {
  for (const [what, data, on, expected] of refused) {
    it.each(on)(`refuses ${what} (%s), in encode and encodeData`, (type) => {
      expect(captureEnvelopeError(() => codec.encode(envelope(type, data)))).toMatchObject({
        ...expected,
        eventType: type,
      });
      expect(captureEnvelopeError(() => codec.encodeData(type, data))).toMatchObject({ ...expected, eventType: type });
    });
  }

  it("still takes an optional field set to undefined as not set", () => {
    for (const type of ["fast", "slow", "open"]) {
      const e = envelope(type, { a: "x", n: undefined });
      expect(codec.decode(codec.encode(e)).data).toStrictEqual({ a: "x" });
    }
  });

  it("whatever encode accepts, decode reads back as the same data (hostile values anywhere)", () => {
    const hostile = fc.constantFrom<unknown>(
      ...refused.map(([, data]) => data),
      ...["y", 1, 1e308, null, true, [], ["y"], {}, undefined, Number.NaN, Object.create(null)],
    );
    // -0 is left out: JSON writes it as 0, a known disagreement (conformance/known-disagreements.json).
    const key = fc.constantFrom("a", "xs", "n", "other");
    fc.assert(
      fc.property(fc.constantFrom("fast", "slow", "open"), key, hostile, (type, at, value) => {
        const data = { a: "x", [at]: value };
        let bytes: Uint8Array;
        try {
          bytes = codec.encode(envelope(type, data));
        } catch (error) {
          expect(isEnvelopeError(error)).toBe(true);
          return;
        }
        expect(codec.decode(bytes).data).toEqual(data);
      }),
      { seed: 2026, numRuns: 1000 },
    );
  });
});

describe("a recursive schema", () => {
  const tree = { $defs: { node: { type: "array", items: { $ref: "#/$defs/node" } } }, $ref: "#/$defs/node" };
  const codec = createJsonCodec({ types: { tree } });

  it("refuses data nested deeper than its validator can go with LIMIT_EXCEEDED, not a RangeError", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const text = `{"event_id":"e","event_type":"tree","timestamp":"2024-01-01T00:00:00Z","source":"s","data":${deep}}`;
    expect(captureEnvelopeError(() => codec.decodeText(text))).toMatchObject({ code: "LIMIT_EXCEEDED", path: "/data" });
    const loop: unknown[] = [];
    loop.push(loop);
    expect(captureEnvelopeError(() => codec.encode(envelope("tree", loop)))).toMatchObject({ code: "LIMIT_EXCEEDED" });
  });
});
