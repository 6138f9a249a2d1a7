import { exampleEnvelopes, loadAvroSchemas } from "@eventwire/schemas";
import { afterEach, describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "./index.js";

// What a browser page under `script-src 'self'` has: no Buffer, and no new Function. Every path
// is run with Buffer gone and Function counting its calls: making the codec (parsing, canonical
// form, resolvers of older versions), encode, decode of the newest and of an older version, and
// decodeData with a writer schema.
const v1: AvroRecordSchema = {
  type: "record",
  name: "Profile",
  fields: [
    { name: "user_id", type: "string" },
    { name: "visits", type: "int" },
  ],
};
const v2: AvroRecordSchema = {
  type: "record",
  name: "Profile",
  fields: [
    { name: "user_id", type: "string" },
    { name: "visits", type: "long" },
    { name: "plan", type: "string", default: "free" },
  ],
};
const profile = { event_id: "e", event_type: "profile", timestamp: "2024-01-02T03:04:05Z", source: "s" };
const original = { Buffer: globalThis.Buffer, Function: globalThis.Function };
let calls = 0;

afterEach(() => {
  globalThis.Buffer = original.Buffer;
  globalThis.Function = original.Function;
});

function withoutBufferCountingFunction(run: () => void): number {
  calls = 0;
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  globalThis.Function = new Proxy(original.Function, {
    construct: (target, args) => {
      calls++;
      return Reflect.construct(target, args);
    },
    apply: (target, self, args) => {
      calls++;
      return Reflect.apply(target, self, args);
    },
  });
  try {
    run();
  } finally {
    globalThis.Buffer = original.Buffer;
    globalThis.Function = original.Function;
  }
  return calls;
}

function useEverything(codeGeneration: boolean): void {
  const old = createAvroCodec({ types: { profile: v1 }, codeGeneration });
  const codec = createAvroCodec({ types: { ...loadAvroSchemas(), profile: [v2, v1] }, codeGeneration });
  for (const e of Object.values(exampleEnvelopes())) expect(codec.decode(codec.encode(e))).toStrictEqual(e);
  const older = old.encode({ ...profile, data: { user_id: "u", visits: 3 } });
  expect(codec.decode(older).data).toStrictEqual({ user_id: "u", visits: 3, plan: "free" });
  const datum = old.encodeData("profile", { user_id: "u", visits: 4 });
  const read = codec.decodeData("profile", datum, { writerSchema: JSON.stringify(v1) });
  expect(read).toStrictEqual({ user_id: "u", visits: 4, plan: "free" });
}

describe("what the codec needs at run time", () => {
  it("with codeGeneration false: no Buffer and no new Function, on every path", () => {
    expect(withoutBufferCountingFunction(() => useEverything(false))).toBe(0);
  });

  it("with code generation on, the count sees its new Function calls (the check can fail), and still no Buffer", () => {
    expect(withoutBufferCountingFunction(() => useEverything(true))).toBeGreaterThan(0);
  });
});
