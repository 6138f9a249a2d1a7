import type { Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAjv, createJsonCodec, type JsonValidator } from "./index.js";

const FC = { seed: 2711, numRuns: 1000 } as const;
const schemas = loadJsonSchemas();
const examples = exampleEnvelopes(5) as Record<string, Envelope>;
const ajv = createAjv();
const validators: Record<string, JsonValidator> = Object.fromEntries(
  Object.entries(schemas).map(([type, schema]) => [type, ajv.compile(schema)]),
);
const codec = createJsonCodec({ types: schemas });
// The same codec with no fast path at all: validators only, so every decode takes the checked path.
const checkedOnly = createJsonCodec({ validators });

type Outcome = { keys: string[]; value: unknown } | { code: unknown; path: unknown };

function outcome(decode: () => unknown): Outcome {
  try {
    const value = decode();
    return { keys: Object.keys(value as object), value };
  } catch (error) {
    return { code: (error as { code?: unknown }).code, path: (error as { path?: unknown }).path };
  }
}

// JSON members of an envelope, some spoilt: other spellings of the timestamp, escaped lone
// surrogates or empty header strings, data the schema refuses, fields missing, extra or reordered.
const member = (name: string, example: Envelope) => {
  const good = JSON.stringify((example as unknown as Record<string, unknown>)[name]);
  const spoilt: Record<string, string[]> = {
    event_id: [
      '""',
      '"\\ud800"',
      "7",
      '"a\\"b"',
      '"x\\u2028y"',
      '"x\u2029y"',
      '"\\ud83d\\ude00"',
      `"${"e".repeat(5000)}"`,
    ],
    event_type: ['"nope"', '""', '"\\udc00"'],
    timestamp: [
      '"2026-11-27T06:11:33.000Z"',
      '"2026-11-27T08:11:33+02:00"',
      '"2026-11-27T06:11:33Z"',
      '"2023-02-29T00:00:00Z"',
      '"0001-01-01T00:00:00Z"',
      '"9999-12-31T23:59:59.999999Z"',
      '"2016-12-31T23:59:60Z"',
      '"2026-11-27T24:00:00Z"',
      '"2026-11-27t06:11:33z"',
      '"2026-11-27T06:11:33.123456789Z"',
      '"2026-11-27T06:11:33.123456000Z"',
      '"2026-11-27T06:11:33.1Z"',
      '"0001-01-01T00:30:00+01:00"',
    ],
    source: ['""', '"\\ud83d"', '"s\\u0000"', "null"],
    data: ['{"extra":1}', "null", "[]"],
  };
  return fc.oneof({ weight: 4, arbitrary: fc.constant(good) }, fc.constantFrom(...(spoilt[name] as string[])));
};

describe("decode's canonical fast path", () => {
  for (const [type, example] of Object.entries(examples)) {
    it(`${type}: returns exactly what the checked path returns, or throws what it throws`, () => {
      const names = ["event_id", "event_type", "timestamp", "source", "data"];
      const text = fc
        .tuple(
          fc.tuple(...names.map((name) => member(name, example))),
          fc
            .shuffledSubarray(names, { minLength: 4, maxLength: 5 })
            .chain((kept) => fc.oneof({ weight: 3, arbitrary: fc.constant(names) }, fc.constant(kept))),
          // An extra member: unknown, __proto__ (an own key from JSON.parse), or a duplicate that wins.
          fc.constantFrom(
            "",
            "",
            "",
            ',"extra":1',
            ',"__proto__":{}',
            ',"event_id":"dup"',
            ',"timestamp":"2026-11-27T06:11:33Z"',
          ),
        )
        .map(([values, order, extra]) => {
          const members = order.map((name) => `"${name}":${values[names.indexOf(name)]}`);
          return `{${members.join(",")}${extra}}`;
        });
      let fast = 0;
      fc.assert(
        fc.property(text, (json) => {
          const expected = outcome(() => checkedOnly.decodeText(json));
          expect(outcome(() => codec.decodeText(json))).toEqual(expected);
          expect(outcome(() => codec.decode(new TextEncoder().encode(json)))).toEqual(expected);
          if ("value" in expected) fast++;
        }),
        FC,
      );
      expect(fast).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe("what decode returns belongs to the caller", () => {
  it("a decoded envelope mutated by the caller changes no later decode or encode", () => {
    const example = examples.user_login as Envelope<Record<string, unknown>>;
    const bytes = codec.encode(example);
    const first = codec.decode(bytes) as Envelope<Record<string, unknown>>;
    const expected = structuredClone(first);
    first.source = "changed";
    first.data.extra = 1;
    (first as unknown as Record<string, unknown>).event_id = "changed";
    expect(codec.decode(bytes)).toStrictEqual(expected);
    expect(codec.decode(bytes)).not.toBe(first);
    expect(new TextDecoder().decode(codec.encode(expected))).toBe(new TextDecoder().decode(bytes));
  });
});
