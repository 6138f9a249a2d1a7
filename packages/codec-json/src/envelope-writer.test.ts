import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { ONE_LINE_TEXT } from "@eventwire/envelope-core/wire";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnvelopeWriter } from "./envelope-writer.js";
import { createAjv, createJsonCodec } from "./index.js";

const FC = { seed: 1127, numRuns: 3000 } as const;
const schemas = loadJsonSchemas();
const examples = exampleEnvelopes(3) as Record<string, Envelope>;
const ajv = createAjv();

/** What the codec's checked path writes: the canonical envelope, or the error it throws. */
function reference(envelope: unknown): string | { code: unknown; path: unknown } {
  try {
    return JSON.stringify(canonicalEnvelope(envelope as Envelope));
  } catch (error) {
    return { code: (error as { code?: unknown }).code, path: (error as { path?: unknown }).path };
  }
}

// Header strings that need escapes, are empty, hold lone surrogates or are not strings at all.
const header = fc.oneof(
  fc.constantFrom(
    "auth",
    "auth",
    'a"b',
    "a\\b",
    "tab\there",
    "\u0000",
    "\ud800",
    "\udc00x",
    "😀",
    "",
    "ünï",
    "x\u2028y",
    "x\u2029y",
    "\u007f\u0085\ufeff",
    "e".repeat(100_000),
  ),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom(undefined, null, 7, {}),
);
const timestamp = fc.oneof(
  fc.constantFrom("2026-11-27T06:11:33.247Z", "2026-11-27T06:11:33Z", "2026-11-27T06:11:33.000001Z"),
  fc.constantFrom(
    "2026-11-27T06:11:33.000Z",
    "2026-11-27t06:11:33Z",
    "2026-11-27T08:11:33+02:00",
    "2023-02-29T00:00:00Z",
  ),
  fc.constantFrom(new Date(0), new Date(Number.NaN), 17, undefined),
);

describe("EnvelopeWriter", () => {
  for (const [type, example] of Object.entries(examples)) {
    it(`${type}: writes what the checked path writes, or leaves the envelope to it`, () => {
      const writer = new EnvelopeWriter(type, ajv.compile(schemas[type as keyof typeof schemas]));
      const ABSENT = Symbol("absent");
      const envelopes = fc
        .record({
          event_id: header,
          timestamp,
          source: header,
          data: fc.constantFrom(
            example.data,
            example.data,
            { ...(example.data as object), extra: 1 },
            undefined,
            ABSENT,
          ),
          extra: fc.boolean(),
        })
        .map(({ data, extra, ...fields }) => ({
          ...fields,
          ...(data === ABSENT ? {} : { data }),
          ...(extra ? { extra: "x" } : {}),
        }));
      let written = 0;
      fc.assert(
        fc.property(envelopes, (fields) => {
          const envelope = { ...fields, event_type: type };
          const text = writer.write(envelope);
          if (text === undefined) return;
          written++;
          expect(text).toBe(reference(envelope));
          expect(ajv.validate(schemas[type as keyof typeof schemas], JSON.parse(text).data)).toBe(true);
        }),
        FC,
      );
      expect(written).toBeGreaterThan(0);
    });
  }

  it("keeps no stale text when the source changes between envelopes", () => {
    const writer = new EnvelopeWriter("user_login", ajv.compile(schemas.user_login));
    const example = examples.user_login as Envelope;
    for (const source of ["a", "b", "a", 'a"', "a", "\ud800", "a"]) {
      const envelope = { ...example, source };
      const text = writer.write(envelope);
      expect(text === undefined ? reference(envelope) : text).toEqual(reference(envelope));
      if (text !== undefined) expect(JSON.parse(text).source).toBe(source);
    }
  });

  it("is never handed an array, and refuses one with envelope fields", () => {
    const writer = new EnvelopeWriter("user_login", () => true);
    const array = Object.assign([], { ...(examples.user_login as Envelope) });
    expect(writer.write(array)).toBeUndefined();
  });
});

function outcome<T>(run: () => T): T | { code: unknown; path: unknown } {
  try {
    return run();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, path: (error as { path?: unknown }).path };
  }
}

// The same fields in other kinds of object: what both paths must read alike (own or inherited,
// getters, frozen, a symbol key or a hidden extra field that neither sees, a toJSON never called).
const shapes: Record<string, (fields: Record<string, unknown>) => object> = {
  plain: (fields) => fields,
  frozen: (fields) => Object.freeze({ ...fields }),
  inherited: (fields) => Object.create(fields),
  "null prototype": (fields) => Object.assign(Object.create(null), fields),
  getters: (fields) =>
    Object.defineProperties(
      {},
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { get: () => v, enumerable: true }])),
    ),
  "symbol key": (fields) => ({ ...fields, [Symbol("s")]: 1 }),
  "hidden extra": (fields) => Object.defineProperty({ ...fields }, "extra", { value: 1, enumerable: false }),
  "hidden toJSON": (fields) => Object.defineProperty({ ...fields }, "toJSON", { value: () => ({}) }),
};

describe("the codec's encodeText and encode", () => {
  it("equal the checked path's text (as UTF-8) or error for envelopes the writer meets", () => {
    const codec = createJsonCodec({ types: schemas });
    const envelopes = fc.record({
      event_id: header,
      event_type: fc.constantFrom(...Object.keys(examples)),
      timestamp,
      source: header,
      shape: fc.constantFrom(...Object.keys(shapes)),
    });
    fc.assert(
      fc.property(envelopes, ({ shape, ...fields }) => {
        const data = (examples[fields.event_type] as Envelope).data;
        const envelope = (shapes[shape] as (fields: Record<string, unknown>) => object)({ ...fields, data });
        const expected = reference(envelope);
        expect(outcome(() => codec.encodeText(envelope as never))).toEqual(expected);
        const bytes = outcome(() => codec.encode(envelope as never));
        expect(bytes instanceof Uint8Array ? new TextDecoder().decode(bytes) : bytes).toEqual(expected);
      }),
      FC,
    );
  });
});

describe("ONE_LINE_TEXT", () => {
  it("the codec promises one line, and its text never holds CR or LF, whatever the strings hold", () => {
    const codec = createJsonCodec({ types: schemas });
    expect(codec[ONE_LINE_TEXT]).toBe(true);
    const withBreaks = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom("\n", "\r", "a\r\nb", "\n\ndata: forged\n\n", "\u2028\u2029", "\u0085"),
    );
    const example = examples.chat_message as Envelope<Record<string, unknown>>;
    let encoded = 0;
    fc.assert(
      fc.property(withBreaks, withBreaks, withBreaks, (text, room, source) => {
        const envelope = { ...example, source: source === "" ? "s" : source, data: { ...example.data, text, room } };
        const written = outcome(() => codec.encodeText(envelope as never));
        if (typeof written !== "string") return;
        encoded++;
        expect(/[\r\n]/.test(written)).toBe(false);
        expect(codec.decodeText(written)).toEqual(canonicalEnvelope(envelope as Envelope));
      }),
      FC,
    );
    // Most envelopes are valid (the schema allows any text and room), so the promise is tested.
    expect(encoded).toBeGreaterThan(FC.numRuns / 2);
  });
});
